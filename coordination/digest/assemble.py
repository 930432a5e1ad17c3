"""Turning the program view and this period's changes into a digest (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coordination.analysis.dependencies import SlipImpact
from coordination.analysis.labels import Labels
from coordination.analysis.model import Edge, NodeRef
from coordination.digest.model import (
    CapacityLine,
    Digest,
    HealthLine,
    ItemLine,
    OwnerOverdue,
    SlipLine,
)
from coordination.program_view.view import ProgramView

CAPACITY_WEEKS_SHOWN = 2
NO_OWNER = "no owner"


@dataclass(frozen=True, slots=True, kw_only=True)
class Redate:
    """One recorded due-date change, as read from the item's history."""

    item: ItemLine
    old_due: date | None
    new_due: date | None
    changed_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerCount:
    """One owner's overdue items as counted in the database, before any is read."""

    owner_id: int | None
    owner: str | None
    owner_slack_id: str | None
    count: int
    oldest: date


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodChanges:
    """What happened in the program since the last digest: each list's first lines (or
    all of them) with its total; `overdue` holds the items of `overdue_owners` only."""

    since: datetime
    completed: Sequence[ItemLine]
    completed_count: int
    new_items: Sequence[ItemLine]
    new_items_count: int
    overdue_owners: Sequence[OwnerCount]
    overdue_owners_count: int
    overdue: Sequence[ItemLine]
    redates: Sequence[Redate]


def ranked_owners(owners: Iterable[OwnerCount]) -> list[OwnerCount]:
    """The owner with the oldest overdue item first, then by name: ranked on the counts,
    so which owners a capped digest shows is known before their items are read."""
    return sorted(owners, key=lambda o: (o.oldest, o.owner or NO_OWNER))


def overdue_by_owner(
    owners: Sequence[OwnerCount], items: Iterable[ItemLine], today: date
) -> tuple[OwnerOverdue, ...]:
    """`owners` in their order, each with its items from `items` (read in (due, id)
    order) and its full count and age from the database."""
    groups: dict[str | None, list[ItemLine]] = {}
    for item in items:
        groups.setdefault(item.owner, []).append(item)
    return tuple(
        OwnerOverdue(
            owner=o.owner or NO_OWNER,
            owner_slack_id=o.owner_slack_id,
            items=tuple(groups.get(o.owner, ())),
            items_count=o.count,
            worst_days=(today - o.oldest).days,
        )
        for o in owners
    )


def net_slips(redates: Iterable[Redate]) -> list[tuple[ItemLine, date, date]]:
    """Each item's first old date and last new date in the period, kept when it moved later."""
    first: dict[int, Redate] = {}
    last: dict[int, Redate] = {}
    for change in sorted(redates, key=lambda r: r.changed_at):
        first.setdefault(change.item.id, change)
        last[change.item.id] = change
    found = []
    for item_id, start in first.items():
        end = last[item_id]
        if start.old_due and end.new_due and end.new_due > start.old_due:
            found.append((end.item, start.old_due, end.new_due))
    return found


def _dependents_by_upstream(edges: Sequence[Edge]) -> dict[NodeRef, list[NodeRef]]:
    """One index of who waits on what, instead of a scan of every edge per slip."""
    waiting: dict[NodeRef, list[NodeRef]] = {}
    for edge in edges:
        if edge.is_active:
            waiting.setdefault(edge.upstream, []).append(edge.downstream)
    return waiting


def _dependents(
    item_id: int, waiting: Mapping[NodeRef, list[NodeRef]], labels: Labels
) -> tuple[str, ...]:
    return tuple(
        f"{_label(ref, labels)} (still on time)" for ref in waiting.get(NodeRef.item(item_id), ())
    )


def _late_lines(impact: SlipImpact | None, labels: Labels) -> tuple[str, ...]:
    if impact is None:
        return ()
    return tuple(
        f"{labels.task(x.item_id)} ({labels.project(x.project_id)}) now {x.days_late}d late"
        for x in impact.late
    )


def _label(ref: NodeRef, labels: Labels) -> str:
    return labels.task(ref.id) if ref.kind == "item" else labels.project(ref.id)


def slipped_lines(
    redates: Iterable[Redate],
    impacts: Mapping[int, SlipImpact],
    edges: Sequence[Edge],
    labels: Labels,
) -> tuple[SlipLine, ...]:
    """Each slip with what it makes late or, failing that, what directly waits on it.

    The knock-on comes from the program view's single pass over the dependency graph:
    per-slip walks would cost slips x graph at program scale.
    """
    waiting = _dependents_by_upstream(edges)
    lines = [
        SlipLine(
            item=item,
            old_due=old,
            new_due=new,
            knock_on=_late_lines(impacts.get(item.id), labels)
            or _dependents(item.id, waiting, labels),
        )
        for item, old, new in net_slips(redates)
    ]
    return tuple(sorted(lines, key=lambda s: (-len(s.knock_on), -s.days, s.item.id)))


def capacity_lines(view: ProgramView) -> tuple[CapacityLine, ...]:
    """Over-allocation this week and next: what someone can still act on."""
    until = view.today + timedelta(weeks=CAPACITY_WEEKS_SHOWN)
    return tuple(
        CapacityLine(
            person=o.name,
            week_start=o.week_start,
            load_days=o.load_days,
            capacity_days=o.capacity_days,
            projects=o.project_names,
        )
        for o in view.over_allocated
        if o.week_start < until
    )


def assemble_digest(
    view: ProgramView, changes: PeriodChanges, *, week: str, slipped: tuple[SlipLine, ...]
) -> Digest:
    summary = view.portfolio.program
    return Digest(
        program_id=view.program_id,
        program=view.name,
        week=week,
        since=changes.since,
        today=view.today,
        open_items=summary.open,
        overdue_items=summary.overdue,
        health=tuple(
            HealthLine(project=p.name, verdict=p.verdict, line=p.line)
            for p in view.portfolio.projects
        ),
        completed=tuple(changes.completed),
        completed_count=changes.completed_count,
        new_items=tuple(changes.new_items),
        new_items_count=changes.new_items_count,
        overdue_by_owner=overdue_by_owner(changes.overdue_owners, changes.overdue, view.today),
        overdue_by_owner_count=changes.overdue_owners_count,
        slipped=slipped,
        blocked=tuple(view.blocked),
        over_capacity=capacity_lines(view),
        risks=tuple(view.risks),
    )
