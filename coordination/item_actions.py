"""What people do to an item from Slack or the CLI. Each change writes history.

Button clicks carry no event id and Slack may deliver one twice, so every action is
idempotent on its outcome: marking a done item done again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from coordination.errors import UserError
from storage.items import get_item, record_change
from storage.models import ActionItem, Person
from storage.people import get_person


def _require_item(session: Session, team_id: str, item_id: int) -> ActionItem:
    item = get_item(session, team_id=team_id, item_id=item_id)
    if item is None:
        raise UserError(f"item #{item_id} does not exist (it may have been removed).")
    return item


def _set_status(session: Session, item: ActionItem, status: str, actor: str, now: datetime) -> bool:
    if item.status == status:
        return False
    record_change(session, item=item, field="status", old=item.status, new=status, changed_by=actor)
    item.status = status
    item.completed_at = now if status == "done" else None
    session.add(item)
    return True


def mark_done(
    session: Session, *, team_id: str, item_id: int, actor: str, now: datetime
) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    _set_status(session, item, "done", actor, now)
    return item


def dismiss(
    session: Session, *, team_id: str, item_id: int, actor: str, now: datetime
) -> ActionItem:
    """'Not an action item': cancelled, and flagged so extraction quality can be measured."""
    item = _require_item(session, team_id, item_id)
    if _set_status(session, item, "cancelled", actor, now):
        item.flags = [*item.flags, "not_an_item"]
    return item


def confirm(session: Session, *, team_id: str, item_id: int, actor: str) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    if item.confidence < 1.0:
        record_change(
            session, item=item, field="confirmed", old=item.confidence, new=1.0, changed_by=actor
        )
        item.confidence = 1.0
        session.add(item)
    return item


def snooze(
    session: Session, *, team_id: str, item_id: int, until: datetime, actor: str
) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    if item.snoozed_until != until:
        record_change(
            session, item=item, field="snooze", old=item.snoozed_until, new=until, changed_by=actor
        )
        item.snoozed_until = until
        session.add(item)
    return item


def change_owner(
    session: Session, item: ActionItem, person: Person, *, actor: str, source_id: int | None = None
) -> bool:
    """A new owner starts the reminder count afresh; shared by buttons, CLI and notes."""
    if item.owner_id == person.id:
        return False
    record_change(
        session,
        item=item,
        field="owner",
        old=item.owner_id,
        new=person.id,
        changed_by=actor,
        source_id=source_id,
    )
    item.owner_id, item.owner_names = person.id, [person.display_name]
    item.nudge_count, item.escalated_at = 0, None
    session.add(item)
    return True


def change_due(
    session: Session, item: ActionItem, due: date, *, actor: str, source_id: int | None = None
) -> bool:
    """A new date starts the reminder count afresh; shared by buttons, CLI and notes."""
    if item.due_date == due:
        return False
    record_change(
        session,
        item=item,
        field="due_date",
        old=item.due_date,
        new=due,
        changed_by=actor,
        source_id=source_id,
    )
    item.due_date = due
    item.nudge_count, item.escalated_at = 0, None
    session.add(item)
    return True


def reassign(
    session: Session, *, team_id: str, item_id: int, person_id: int, actor: str
) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    person = get_person(session, team_id=team_id, person_id=person_id)
    if person is None:
        raise UserError("that person is not known to Followthrough yet.")
    change_owner(session, item, person, actor=actor)
    return item


def set_due(session: Session, *, team_id: str, item_id: int, due: date, actor: str) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    change_due(session, item, due, actor=actor)
    return item
