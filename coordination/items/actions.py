"""What people do to an item from Slack or the CLI. Each change writes history.

Button clicks carry no event id and Slack may deliver one twice, so every action is
idempotent on its outcome: marking a done item done again changes nothing. Every
action reads its item under a row lock (and every write is a compare-and-set on the
item's version), so concurrent changes to one item serialise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from coordination.errors import UserError
from coordination.ingest.text_match import task_key
from storage.items import get_item, record_change
from storage.models import ActionItem, Person, Project
from storage.people import get_person
from storage.programs import list_projects


def _require_item(session: Session, team_id: str, item_id: int) -> ActionItem:
    """The item, row-locked: concurrent clicks from several replicas then take turns,
    each seeing what the one before wrote, so history is the true sequence."""
    item = get_item(session, team_id=team_id, item_id=item_id, for_update=True)
    if item is None:
        raise UserError(f"item #{item_id} does not exist (it may have been removed).")
    return item


def _set_status(session: Session, item: ActionItem, status: str, actor: str, now: datetime) -> bool:
    if item.status == status:
        return False
    record_change(
        session, item=item, field="status", old=item.status, new=status, changed_by=actor, now=now
    )
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


def confirm(
    session: Session, *, team_id: str, item_id: int, actor: str, now: datetime
) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    if item.confidence < 1.0:
        record_change(
            session,
            item=item,
            field="confirmed",
            old=item.confidence,
            new=1.0,
            changed_by=actor,
            now=now,
        )
        item.confidence = 1.0
        session.add(item)
    return item


def snooze(
    session: Session, *, team_id: str, item_id: int, until: datetime, actor: str, now: datetime
) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    if item.snoozed_until != until:
        record_change(
            session,
            item=item,
            field="snooze",
            old=item.snoozed_until,
            new=until,
            changed_by=actor,
            now=now,
        )
        item.snoozed_until = until
        session.add(item)
    return item


def change_owner(
    session: Session,
    item: ActionItem,
    person: Person,
    *,
    actor: str,
    now: datetime,
    source_id: int | None = None,
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
        now=now,
        source_id=source_id,
    )
    item.owner_id, item.owner_names = person.id, [person.display_name]
    item.nudge_count, item.escalated_at = 0, None
    session.add(item)
    return True


def change_due(
    session: Session,
    item: ActionItem,
    due: date,
    *,
    actor: str,
    now: datetime,
    source_id: int | None = None,
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
        now=now,
        source_id=source_id,
    )
    item.due_date = due
    item.nudge_count, item.escalated_at = 0, None
    session.add(item)
    return True


def reassign(
    session: Session, *, team_id: str, item_id: int, person_id: int, actor: str, now: datetime
) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    person = get_person(session, team_id=team_id, person_id=person_id)
    if person is None:
        raise UserError("that person is not known to Followthrough yet.")
    change_owner(session, item, person, actor=actor, now=now)
    return item


def set_due(
    session: Session, *, team_id: str, item_id: int, due: date, actor: str, now: datetime
) -> ActionItem:
    item = _require_item(session, team_id, item_id)
    change_due(session, item, due, actor=actor, now=now)
    return item


@dataclass(frozen=True)
class EditForm:
    """What the Edit modal shows: the item as it is and the projects it may move to."""

    item_id: int
    task: str
    owner_slack_id: str | None
    due: date | None
    project_id: int | None
    projects: tuple[tuple[int, str], ...]


def edit_form(session: Session, *, team_id: str, item_id: int) -> EditForm:
    """Two queries (item with its owner's Slack id, then the program's projects): this
    runs before Slack's 3-second ack deadline, so it must stay this small."""
    statement = (
        select(ActionItem, Person.slack_user_id)
        .outerjoin(Person, (Person.id == ActionItem.owner_id) & (Person.team_id == team_id))
        .where(ActionItem.team_id == team_id, ActionItem.id == item_id)
    )
    row = session.exec(statement).first()
    if row is None:
        raise UserError(f"item #{item_id} does not exist (it may have been removed).")
    item, owner_slack_id = row
    projects = list_projects(session, team_id=team_id, program_id=item.program_id)
    return EditForm(
        item_id=item_id,
        task=item.task,
        owner_slack_id=owner_slack_id,
        due=item.due_date,
        project_id=item.project_id,
        projects=tuple((p.id, p.name) for p in projects),
    )


def _change_task(session: Session, item: ActionItem, task: str, actor: str, now: datetime) -> bool:
    """The task key follows the wording, so later notes restating the task still match."""
    task = task.strip()
    if not task:
        raise UserError("the task can't be empty.")
    if item.task == task:
        return False
    record_change(
        session, item=item, field="task", old=item.task, new=task, changed_by=actor, now=now
    )
    item.task, item.task_key = task, task_key(task)
    session.add(item)
    return True


def _project_in_program(session: Session, item: ActionItem, project_id: int) -> Project:
    for project in list_projects(session, team_id=item.team_id, program_id=item.program_id):
        if project.id == project_id:
            return project
    raise UserError("that project is not part of this item's program.")


def _change_project(
    session: Session, item: ActionItem, project_id: int | None, actor: str, now: datetime
) -> bool:
    if item.project_id == project_id:
        return False
    if project_id is not None:
        _project_in_program(session, item, project_id)
    record_change(
        session,
        item=item,
        field="project",
        old=item.project_id,
        new=project_id,
        changed_by=actor,
        now=now,
    )
    item.project_id = project_id
    session.add(item)
    return True


def edit_item(
    session: Session,
    *,
    team_id: str,
    item_id: int,
    task: str,
    owner_person_id: int | None,
    due: date | None,
    project_id: int | None,
    actor: str,
    now: datetime,
) -> ActionItem:
    """Every field of the Edit form at once; only what differs is changed and recorded,
    so submitting an unchanged form (or the same form twice) writes nothing.

    `owner_person_id` and `due` of None keep the current value: Slack's pickers cannot
    be cleared, so None only means nothing was picked (an owner known by name alone has
    no Slack user to pre-select). `project_id` of None means no project.
    """
    item = _require_item(session, team_id, item_id)
    _change_task(session, item, task, actor, now)
    if owner_person_id is not None:
        person = get_person(session, team_id=team_id, person_id=owner_person_id)
        if person is None:
            raise UserError("that person is not known to Followthrough yet.")
        change_owner(session, item, person, actor=actor, now=now)
    if due is not None:
        change_due(session, item, due, actor=actor, now=now)
    _change_project(session, item, project_id, actor, now)
    return item
