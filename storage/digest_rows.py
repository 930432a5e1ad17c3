"""Bulk reads for the weekly digest: what changed in a program since the last one.

Each helper is one query selecting only the columns a digest line shows (task, owner,
project, source permalink), team-filtered, so the query count stays constant however
many items the program has. The item lists are streamed (`streamed_rows`): a big
program has tens of thousands of overdue lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Select, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from storage.models import (
    ActionItem,
    Delivery,
    ItemHistory,
    Person,
    Program,
    Project,
    Source,
    Workspace,
)
from storage.program_rows import column_rows, streamed_rows


def digest_subject(program_id: int) -> str:
    return f"program:{program_id}"


def last_digest_at(session: Session, *, team_id: str, program_id: int) -> datetime | None:
    """When the previous digest of this program was claimed, if one ever was."""
    statement = select(func.max(Delivery.claimed_at)).where(
        Delivery.team_id == team_id,
        Delivery.kind == "digest",
        Delivery.subject == digest_subject(program_id),
        Delivery.status != "failed",
    )
    return session.exec(statement).one()


ITEM_LINE_COLUMNS = (
    ActionItem.id,
    ActionItem.task,
    ActionItem.due_date,
    ActionItem.status,
    Person.display_name.label("owner"),
    Person.slack_user_id.label("owner_slack_id"),
    Project.name.label("project"),
    Source.permalink,
)


def _with_item_joins(statement: Select[Any], team_id: str, program_id: int) -> Select[Any]:
    """Owner, project and source joined once for every list in the digest."""
    return (
        statement.outerjoin(Person, col(Person.id) == ActionItem.owner_id)
        .outerjoin(Project, col(Project.id) == ActionItem.project_id)
        .outerjoin(Source, col(Source.id) == ActionItem.source_id)
        .where(ActionItem.team_id == team_id, ActionItem.program_id == program_id)
    )


def _item_lines(team_id: str, program_id: int) -> Select[Any]:
    return _with_item_joins(select(*ITEM_LINE_COLUMNS), team_id, program_id)


def completed_rows(
    session: Session, *, team_id: str, program_id: int, since: datetime
) -> Iterator[Row[Any]]:
    statement = _item_lines(team_id, program_id).where(
        ActionItem.status == "done", col(ActionItem.completed_at) >= since
    )
    return streamed_rows(session, statement.order_by(ActionItem.completed_at, ActionItem.id))


def new_item_rows(
    session: Session, *, team_id: str, program_id: int, since: datetime
) -> Iterator[Row[Any]]:
    statement = _item_lines(team_id, program_id).where(
        ActionItem.status != "cancelled", col(ActionItem.created_at) >= since
    )
    return streamed_rows(session, statement.order_by(ActionItem.created_at, ActionItem.id))


def overdue_rows(
    session: Session, *, team_id: str, program_id: int, today: date
) -> Iterator[Row[Any]]:
    statement = _item_lines(team_id, program_id).where(
        ActionItem.status == "open", col(ActionItem.due_date) < today
    )
    return streamed_rows(session, statement.order_by(ActionItem.due_date, ActionItem.id))


def redated_rows(
    session: Session, *, team_id: str, program_id: int, since: datetime
) -> Sequence[Row[Any]]:
    """Due-date changes since `since`, oldest first, with the permalink of the source that
    moved the date when there is one (else the item's own source)."""
    change_source = aliased(Source)
    statement = (
        select(
            *ITEM_LINE_COLUMNS,
            ItemHistory.old_value,
            ItemHistory.new_value,
            ItemHistory.changed_at,
            change_source.permalink.label("change_permalink"),
        )
        .select_from(ItemHistory)
        .join(ActionItem, col(ActionItem.id) == ItemHistory.item_id)
        .outerjoin(change_source, change_source.id == ItemHistory.source_id)
        .where(
            ItemHistory.team_id == team_id,
            ItemHistory.field == "due_date",
            col(ItemHistory.changed_at) >= since,
        )
        .order_by(ItemHistory.changed_at, ItemHistory.id)
    )
    return column_rows(session, _with_item_joins(statement, team_id, program_id))


def digest_programs(session: Session) -> list[Program]:
    """Every program with a channel to post to, in every workspace: the scheduler's tick
    decides per program whether its digest is due."""
    statement = (
        select(Program)
        .join(Workspace, col(Workspace.team_id) == Program.team_id)
        .where(col(Program.digest_channel).is_not(None), col(Workspace.uninstalled_at).is_(None))
    )
    return list(session.exec(statement.order_by(Program.team_id, Program.id)))
