"""Reading one program's digest from storage: constant queries, whatever its size."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from coordination.dates import local_date
from coordination.digest.assemble import (
    OwnerCount,
    PeriodChanges,
    Redate,
    assemble_digest,
    net_slips,
    ranked_owners,
    slipped_lines,
)
from coordination.digest.limits import DIGEST_LINES
from coordination.digest.model import Digest, ItemLine
from coordination.digest.schedule import week_label
from coordination.gc_pause import gc_paused
from coordination.program_view.facts import load_program_facts
from coordination.program_view.view import ProgramView, program_view_of
from storage import digest_rows
from storage.models import Program

FIRST_PERIOD = timedelta(days=7)


def _line(row: Row[Any]) -> ItemLine:
    return ItemLine(
        id=row.id,
        task=row.task,
        owner=row.owner,
        owner_slack_id=row.owner_slack_id,
        project=row.project,
        due=row.due_date,
        permalink=row.permalink,
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _redate(row: Row[Any]) -> Redate:
    line = _line(row)
    return Redate(
        item=replace(line, permalink=row.change_permalink) if row.change_permalink else line,
        old_due=_date(row.old_value),
        new_due=_date(row.new_value),
        changed_at=row.changed_at,
    )


def period_changes(
    session: Session, *, program: Program, since: datetime, today: date, lines: int | None
) -> PeriodChanges:
    """Each list's first `lines` lines (None: every line) and its total. Re-dates are
    read whole: an item's net slip needs every change of it in the period."""
    scope = {"team_id": program.team_id, "program_id": program.id}
    completed, completed_count = digest_rows.completed_rows(
        session, **scope, since=since, limit=lines
    )
    created, created_count = digest_rows.new_item_rows(session, **scope, since=since, limit=lines)
    owners = _overdue_owners(session, scope, today=today)
    shown = owners if lines is None else owners[:lines]
    return PeriodChanges(
        since=since,
        completed=_lines(completed),
        completed_count=completed_count,
        new_items=_lines(created),
        new_items_count=created_count,
        overdue_owners=shown,
        overdue_owners_count=len(owners),
        overdue=_lines(_overdue_rows(session, scope, today=today, owners=shown, lines=lines)),
        redates=[_redate(r) for r in digest_rows.redated_rows(session, **scope, since=since)],
    )


def _overdue_owners(session: Session, scope: dict[str, Any], *, today: date) -> list[OwnerCount]:
    rows = digest_rows.overdue_owner_rows(session, **scope, today=today)
    return ranked_owners(
        OwnerCount(owner_id=owner_id, owner=name, owner_slack_id=slack_id, count=n, oldest=due)
        for owner_id, name, slack_id, n, due in rows
    )


def _overdue_rows(
    session: Session,
    scope: dict[str, Any],
    *,
    today: date,
    owners: Sequence[OwnerCount],
    lines: int | None,
) -> Iterable[Row[Any]]:
    """The shown owners' items: all of them, or each one's first `lines`."""
    if lines is None:
        return digest_rows.overdue_rows(session, **scope, today=today)
    return digest_rows.first_overdue_rows(
        session, **scope, today=today, owners=[o.owner_id for o in owners], per_owner=lines
    )


def _lines(rows: Iterable[Row[Any]]) -> list[ItemLine]:
    """Unpacked by position (the order of `ITEM_LINE_COLUMNS`, columns after those
    ignored): tens of thousands of overdue lines, and a Row's attribute lookups cost
    more than the record. Owners, their Slack ids, projects and dates repeat, so each
    distinct one is kept once."""
    same = {}.setdefault
    return [
        ItemLine(
            id=item_id,
            task=task,
            owner=same(owner, owner),
            owner_slack_id=same(slack_id, slack_id),
            project=same(project, project),
            due=same(due, due),
            permalink=permalink,
        )
        for item_id, task, due, owner, slack_id, project, permalink, *_ in rows
    ]


def load_digest(
    session: Session, *, program: Program, now: datetime, lines: int | None = DIGEST_LINES
) -> Digest:
    """The digest as of `now`, covering everything since the last one (or the past week),
    with up to `lines` lines per list (None: every line), each list's total counted."""
    return digest_and_view(session, program=program, now=now, lines=lines)[0]


def digest_and_view(
    session: Session, *, program: Program, now: datetime, lines: int | None = DIGEST_LINES
) -> tuple[Digest, ProgramView]:
    """The digest with the program view it was built from, for callers that also act on
    the view (posting refreshes the risk register from it).

    The program's facts are read once, for the view and for the slips' knock-on: a
    fixed handful of bulk queries. `lines` is at least one: a list cut to none could
    not carry its total (counted beside its first line).
    """
    if lines is not None and lines < 1:
        raise ValueError(f"a digest shows at least one line per list, not {lines}")
    today = local_date(program.timezone, now)
    last = digest_rows.last_digest_at(session, team_id=program.team_id, program_id=program.id)
    since = last or now - FIRST_PERIOD
    with gc_paused():
        changes = period_changes(session, program=program, since=since, today=today, lines=lines)
        facts = load_program_facts(session, program=program)
        slipping = [item.id for item, _, _ in net_slips(changes.redates)]
        view = program_view_of(facts, today=today, now=now, slip_sources=slipping)
        slipped = slipped_lines(changes.redates, view.slip_impacts, facts.edges, view.labels)
        return assemble_digest(view, changes, week=week_label(today), slipped=slipped), view
