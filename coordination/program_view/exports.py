"""The stable shapes of `--json` and `--csv`: what scripts and spreadsheets may rely on.

One function per export, from the same records the text output and the dashboard
show, so the CLI, the dashboard's CSV download and any script read the same numbers.
Dates are ISO strings, rates are fractions (0.75, not 75%), absent values are null.
README.md ("Exports") documents every field; adding a field is compatible, renaming
or removing one is not.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from coordination.analysis import NodeRef
from coordination.dependencies.listing import DependencyLine
from coordination.items.views import ItemView
from coordination.program_view.view import ProgramView
from storage.models import Risk

ITEM_COLUMNS = (
    "id",
    "task",
    "status",
    "due",
    "overdue",
    "owner",
    "project",
    "program_id",
    "waits_on",
    "quote",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def item_record(item: ItemView, today_of: Mapping[int, date]) -> dict[str, Any]:
    """`today_of` maps each program to its own local date: overdue is where the team is."""
    today = today_of.get(item.program_id)
    overdue = None
    if today is not None:
        overdue = item.status == "open" and item.due is not None and item.due < today
    return {
        "id": item.id,
        "task": item.task,
        "status": item.status,
        "due": _iso(item.due),
        "overdue": overdue,
        "owner": item.owner,
        "project": item.project,
        "program_id": item.program_id,
        "waits_on": list(item.waits_on),
        "quote": item.quote,
    }


def items_json(items: Iterable[ItemView], today_of: Mapping[int, date]) -> list[dict[str, Any]]:
    return [item_record(item, today_of) for item in items]


def _cell(value: object) -> object:
    """Empty for null, lowercase true/false as JSON writes them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value


def items_csv(items: Iterable[ItemView], today_of: Mapping[int, date]) -> str:
    """The same fields as `items_json`, one row each, with a header; empty cells for null."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ITEM_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for item in items:
        record = item_record(item, today_of)
        record["waits_on"] = "; ".join(record["waits_on"])
        writer.writerow({k: _cell(v) for k, v in record.items()})
    return out.getvalue()


def status_json(view: ProgramView) -> dict[str, Any]:
    summary, labels = view.portfolio.program, view.labels
    path = view.critical_path
    return {
        "program": {"id": view.program_id, "name": view.name},
        "today": view.today.isoformat(),
        "summary": {
            "open": summary.open,
            "overdue": summary.overdue,
            "done": summary.done,
            "on_time_rate": summary.on_time_rate,
            "median_slip_days": summary.median_slip_days,
            "blocked_dependencies": summary.blocked_dependencies,
            "budget_planned": summary.budget_planned,
            "budget_spent": summary.budget_spent,
            "verdicts": dict(summary.verdicts),
        },
        "projects": [
            {
                "id": p.project_id,
                "name": p.name,
                "verdict": p.verdict,
                "reasons": list(p.reasons),
                "open": p.open,
                "overdue": p.overdue,
                "done": p.done,
                "on_time_rate": p.on_time_rate,
                "median_slip_days": p.median_slip_days,
                "blocked_dependencies": p.blocked_dependencies,
                "contended_people": [
                    labels.people.get(i, f"person {i}") for i in p.contended_person_ids
                ],
                "budget_planned": p.budget_planned,
                "budget_spent": p.budget_spent,
            }
            for p in view.portfolio.projects
        ],
        "critical_path": {
            "items": [{"id": i, "task": _task(view, i)} for i in path.item_ids],
            "total_days": path.total_days,
            "implied_finish": _iso(path.implied_finish),
            "latest_due": _iso(path.latest_due),
            "days_over": path.days_over,
        },
        "blocked": [
            {"upstream": b.upstream, "downstream": b.downstream, "need_by": _iso(b.need_by)}
            for b in view.blocked
        ],
        "slips": [
            {
                "item_id": s.item_id,
                "task": _task(view, s.item_id),
                "finish": _iso(s.finish),
                "late": [
                    {
                        "item_id": x.item_id,
                        "task": _task(view, x.item_id),
                        "project": labels.project(x.project_id),
                        "due": x.due.isoformat(),
                        "projected_finish": x.projected_finish.isoformat(),
                        "days_late": x.days_late,
                    }
                    for x in s.late
                ],
            }
            for s in view.slips
        ],
        "over_capacity": _over_capacity(view),
        "risks": [
            {"title": r.title, "explanation": r.explanation, "score": r.score, "reason": r.reason}
            for r in view.risks
        ],
    }


def _task(view: ProgramView, item_id: int) -> str:
    item = view.labels.items.get(item_id)
    return item.task if item else f"item {item_id}"


def _over_capacity(view: ProgramView) -> list[dict[str, Any]]:
    return [
        {
            "person_id": o.person_id,
            "person": o.name,
            "week_start": o.week_start.isoformat(),
            "load_days": o.load_days,
            "capacity_days": o.capacity_days,
            "projects": list(o.project_names),
            "item_ids": list(o.item_ids),
        }
        for o in view.over_allocated
    ]


def capacity_json(view: ProgramView) -> dict[str, Any]:
    return {
        "program": {"id": view.program_id, "name": view.name},
        "weeks": [w.isoformat() for w in view.capacity.weeks],
        "people": [
            {
                "id": row.person_id,
                "name": row.name,
                "weeks": [
                    {
                        "week_start": w.week_start.isoformat(),
                        "load_days": w.load_days,
                        "capacity_days": w.capacity_days,
                        "over": w.over,
                    }
                    for w in row.weeks
                ],
            }
            for row in view.capacity.rows
        ],
        "over_allocated": _over_capacity(view),
    }


def risks_json(risks: Sequence[Risk]) -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "title": r.title,
            "explanation": r.explanation,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "score": r.likelihood * r.impact,
            "previous_score": r.previous_score,
            "status": r.status,
            "origin": r.origin,
            "scope": r.scope,
            "project_id": r.project_id,
        }
        for r in risks
    ]


def _end(ref: NodeRef | None, label: str) -> dict[str, Any]:
    """A word-only end ('waiting on legal') has no kind or id, only its label."""
    return {"kind": ref.kind if ref else None, "id": ref.id if ref else None, "label": label}


def dependencies_json(lines: Sequence[DependencyLine]) -> list[dict[str, Any]]:
    return [
        {
            "id": d.id,
            "upstream": _end(d.upstream, d.upstream_label),
            "downstream": _end(d.downstream, d.downstream_label),
            "status": d.status,
            "need_by": _iso(d.need_by),
            "description": d.description,
        }
        for d in lines
    ]
