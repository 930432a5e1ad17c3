"""Plain-text rendering for the terminal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coordination.ingest.service import IngestReport
    from coordination.items.views import ItemView

LINES_PER_SECTION = 15
"""A program of thousands of items still prints a status one can read; `--all` prints
every line, `--json` gives everything as data."""


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [
        [str(c) for c in headers],
        *([("" if c is None else str(c)) for c in row] for row in rows),
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for row in cells:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def print_items(items: Sequence[ItemView]) -> None:
    if not items:
        print("no items")
        return
    print_table(
        ["id", "status", "due", "owner", "project", "task", "waits on"],
        [
            [i.id, i.status, i.due or "-", i.owner or "-", i.project or "-", i.task, _waits(i)]
            for i in items
        ],
    )


def print_quotes(items: Sequence[ItemView]) -> None:
    """`items --quotes`: each item with the sentence it was read from beneath it."""
    for item in items:
        print(f"#{item.id} {item.task}")
        print(f'    "{item.quote}"' if item.quote else "    (added by hand)")


def _waits(item: ItemView) -> str:
    return "; ".join(item.waits_on) or "-"


def print_ingest_report(report: IngestReport) -> None:
    if report.already_ingested:
        print(f"already ingested (source {report.source_id}); nothing changed")
        return
    print(
        f"source {report.source_id}: {len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged (extractor: {report.extractor})"
    )
    for item in report.created:
        print(f"  + #{item.id} {item.task}" + (f" (due {item.due_date})" if item.due_date else ""))
    for item in report.updated:
        print(f"  ~ #{item.id} {item.task}" + (f" (due {item.due_date})" if item.due_date else ""))
    for warning in report.warnings:
        print(f"warning: {warning}")
