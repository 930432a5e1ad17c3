"""Bulk reads and stamps for the reminder sweep.

The sweep looks at every open dated item of a workspace; one query for the items (with
their project's name and lead) and one for the people involved keeps the count constant
however many items there are.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, or_, update
from sqlmodel import Session, col, select

from storage.models import ActionItem, Person, Project, Workspace


def team_ids(session: Session) -> list[str]:
    """Workspaces that still have the app: an uninstalled one hears nothing."""
    statement = select(Workspace.team_id).where(col(Workspace.uninstalled_at).is_(None))
    return list(session.exec(statement.order_by(Workspace.team_id)))


def reminder_item_rows(
    session: Session, *, team_id: str, due_by: date, now: datetime
) -> Sequence[Row[Any]]:
    """Open, owned, unsnoozed items due by `due_by`, with their project's name and lead."""
    statement = (
        select(
            ActionItem.id,
            ActionItem.owner_id,
            ActionItem.program_id,
            ActionItem.task,
            ActionItem.status,
            ActionItem.due_date,
            ActionItem.snoozed_until,
            ActionItem.nudge_count,
            ActionItem.last_nudged_at,
            ActionItem.escalated_at,
            ActionItem.project_id,
            ActionItem.quote,
            Project.name.label("project_name"),
            Project.lead_id,
        )
        .outerjoin(
            Project, (col(Project.id) == ActionItem.project_id) & (Project.team_id == team_id)
        )
        .where(
            ActionItem.team_id == team_id,
            ActionItem.status == "open",
            col(ActionItem.owner_id).is_not(None),
            col(ActionItem.due_date) <= due_by,
            or_(col(ActionItem.snoozed_until).is_(None), col(ActionItem.snoozed_until) <= now),
        )
        .order_by(ActionItem.id)
    )
    return session.exec(statement).all()


def reachable_people(
    session: Session, *, team_id: str, person_ids: Collection[int]
) -> list[Person]:
    """People among `person_ids` the bot can DM (they have a Slack user id)."""
    if not person_ids:
        return []
    statement = select(Person).where(
        Person.team_id == team_id,
        col(Person.id).in_(list(person_ids)),
        col(Person.slack_user_id).is_not(None),
    )
    return list(session.exec(statement))


def stamp_nudged(
    session: Session,
    *,
    team_id: str,
    item_ids: Collection[int],
    overdue_ids: Collection[int],
    now: datetime,
) -> None:
    """Two statements for a whole batch: every item was mentioned, overdue ones count."""
    base = update(ActionItem).where(ActionItem.team_id == team_id)
    session.execute(base.where(col(ActionItem.id).in_(list(item_ids))).values(last_nudged_at=now))
    if overdue_ids:
        session.execute(
            base.where(col(ActionItem.id).in_(list(overdue_ids))).values(
                nudge_count=ActionItem.nudge_count + 1
            )
        )


def stamp_escalated(session: Session, *, team_id: str, item_id: int, now: datetime) -> None:
    session.execute(
        update(ActionItem)
        .where(ActionItem.team_id == team_id, ActionItem.id == item_id)
        .values(escalated_at=now)
    )
