"""What a reminder sweep reads: a workspace's candidate items and their people, in bulk.

The claims, stamps and sends are the outbox's (`coordination/outbox/scheduled/`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from coordination.reminders.calendar import WorkCalendar
from coordination.reminders.policy import ItemState, PersonState
from storage import reminder_rows
from storage.models import Person

DUE_HORIZON = timedelta(days=8)
"""Covers 'due by the next working day' in every timezone, even across a long weekend."""


def teams_to_sweep(session: Session) -> list[str]:
    """Workspaces that still have the app: an uninstalled one hears nothing."""
    return reminder_rows.team_ids(session)


def person_state(person: Person) -> PersonState:
    calendar = WorkCalendar(
        timezone=person.timezone,
        work_start=person.work_start,
        work_end=person.work_end,
        working_days=tuple(person.working_days),
    )
    return PersonState(
        id=person.id,
        slack_user_id=person.slack_user_id or "",
        name=person.display_name,
        calendar=calendar,
    )


def _item_state(row: Row[Any]) -> ItemState:
    return ItemState(
        id=row.id,
        owner_id=row.owner_id,
        program_id=row.program_id,
        task=row.task,
        status=row.status,
        due=row.due_date,
        snoozed_until=row.snoozed_until,
        nudge_count=row.nudge_count,
        last_nudged_at=row.last_nudged_at,
        escalated_at=row.escalated_at,
        project_id=row.project_id,
        project_name=row.project_name,
        lead_id=row.lead_id,
        quote=row.quote,
    )


def load_states(
    session: Session, *, team_id: str, now: datetime
) -> tuple[list[ItemState], dict[int, PersonState]]:
    """Two queries for a whole workspace: candidate items, then their owners and leads."""
    due_by = (now + DUE_HORIZON).date()
    rows = reminder_rows.reminder_item_rows(session, team_id=team_id, due_by=due_by, now=now)
    items = [_item_state(row) for row in rows]
    ids = {i.owner_id for i in items} | {i.lead_id for i in items if i.lead_id is not None}
    people = reminder_rows.reachable_people(session, team_id=team_id, person_ids=ids)
    return items, {p.id: person_state(p) for p in people}
