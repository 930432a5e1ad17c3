"""The items page: one filtered page of items, each with its history and evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row

PAGE_SIZE = 50
STATUSES = ("open", "done", "cancelled")
QUOTE_MAX = 600


@dataclass(frozen=True, slots=True)
class ItemQuery:
    owner_id: int | None = None
    project_id: int | None = None
    status: str | None = None
    overdue: bool = False
    page: int = 1


@dataclass(frozen=True, slots=True)
class HistoryLine:
    field: str
    old: str | None
    new: str | None
    changed_by: str
    changed_at: datetime


@dataclass(frozen=True, slots=True)
class ItemRow:
    id: int
    task: str
    status: str
    due: date | None
    overdue: bool
    owner: str | None
    project: str | None
    permalink: str | None
    source_title: str | None
    evidence: str | None
    history: tuple[HistoryLine, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class ItemsPage:
    rows: tuple[ItemRow, ...]
    total: int
    query: ItemQuery
    people: tuple[Choice, ...]
    projects: tuple[Choice, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def evidence_quote(text: str | None, start: int | None, end: int | None) -> str | None:
    """The cited lines (1-based, inclusive) of the source, clipped for the page."""
    if not text or not start:
        return None
    lines = text.splitlines()[start - 1 : (end or start)]
    quote = "\n".join(lines).strip()
    return quote[:QUOTE_MAX] + ("…" if len(quote) > QUOTE_MAX else "") if quote else None


def item_rows(
    rows: Sequence[Row[Any]],
    history: Sequence[Any],
    texts: Mapping[int, str],
    today: date,
) -> tuple[ItemRow, ...]:
    by_item: dict[int, list[HistoryLine]] = defaultdict(list)
    for h in history:
        by_item[h.item_id].append(
            HistoryLine(h.field, h.old_value, h.new_value, h.changed_by, h.changed_at)
        )
    return tuple(
        ItemRow(
            id=r.id,
            task=r.task,
            status=r.status,
            due=r.due_date,
            overdue=r.status == "open" and r.due_date is not None and r.due_date < today,
            owner=r.owner or (", ".join(r.owner_names) or None),
            project=r.project,
            permalink=r.permalink,
            source_title=r.source_title,
            evidence=evidence_quote(
                texts.get(r.source_id) if r.source_id else None, r.evidence_start, r.evidence_end
            ),
            history=tuple(by_item.get(r.id, ())),
        )
        for r in rows
    )
