"""Bulk reads for the weekly digest: what changed in a program since the last one.

Each helper is one query selecting only the columns a digest line shows (task, owner,
project, source permalink), team-filtered, so the query count stays constant however
many items the program has. A digest shows a few lines per list: the lists are read
up to a limit, their totals counted in SQL. Read whole (`digest --all`, `--json`), the
overdue list is streamed (`streamed_rows`): a big program has tens of thousands.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_
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


def _completed_since(since: datetime) -> ColumnElement[bool]:
    return and_(ActionItem.status == "done", col(ActionItem.completed_at) >= since)


def _created_since(since: datetime) -> ColumnElement[bool]:
    return and_(ActionItem.status != "cancelled", col(ActionItem.created_at) >= since)


def _counted_lines(
    session: Session,
    *,
    team_id: str,
    program_id: int,
    where: ColumnElement[bool],
    order: ColumnElement[Any],
    limit: int | None,
) -> tuple[Sequence[Row[Any]], int]:
    """The first `limit` item lines by (`order`, id) (None: all) and how many items match.

    The columns of `ITEM_LINE_COLUMNS`, in its order, then the count. The items are cut
    before the owner, project and source are joined, so only the lines read are joined;
    `count(*) OVER ()` counts them all in the same query."""
    first = (
        select(
            ActionItem.id,
            ActionItem.task,
            ActionItem.due_date,
            ActionItem.owner_id,
            ActionItem.project_id,
            ActionItem.source_id,
            order.label("sort_key"),
            func.count().over().label("total"),
        )
        .where(ActionItem.team_id == team_id, ActionItem.program_id == program_id, where)
        .order_by(order, ActionItem.id)
        .limit(limit)
        .subquery()
    )
    statement = (
        select(
            first.c.id,
            first.c.task,
            first.c.due_date,
            Person.display_name.label("owner"),
            Person.slack_user_id.label("owner_slack_id"),
            Project.name.label("project"),
            Source.permalink,
            first.c.total,
        )
        .select_from(first)
        .outerjoin(Person, col(Person.id) == first.c.owner_id)
        .outerjoin(Project, col(Project.id) == first.c.project_id)
        .outerjoin(Source, col(Source.id) == first.c.source_id)
        .order_by(first.c.sort_key, first.c.id)
    )
    rows = column_rows(session, statement)
    return rows, rows[0].total if rows else 0


def completed_rows(
    session: Session, *, team_id: str, program_id: int, since: datetime, limit: int | None
) -> tuple[Sequence[Row[Any]], int]:
    """The first `limit` items done since `since` (None: all), oldest completion first,
    and how many were done."""
    return _counted_lines(
        session,
        team_id=team_id,
        program_id=program_id,
        where=_completed_since(since),
        order=col(ActionItem.completed_at),
        limit=limit,
    )


def new_item_rows(
    session: Session, *, team_id: str, program_id: int, since: datetime, limit: int | None
) -> tuple[Sequence[Row[Any]], int]:
    """The first `limit` items created since `since` (None: all), oldest first, and how
    many were created."""
    return _counted_lines(
        session,
        team_id=team_id,
        program_id=program_id,
        where=_created_since(since),
        order=col(ActionItem.created_at),
        limit=limit,
    )


def _overdue(today: date) -> ColumnElement[bool]:
    return and_(ActionItem.status == "open", col(ActionItem.due_date) < today)


def overdue_owner_rows(
    session: Session, *, team_id: str, program_id: int, today: date
) -> Sequence[Row[Any]]:
    """Per owner of overdue items (owner_id None: no owner): id, name, Slack id, how many
    and the oldest due date. One row per owner, so every owner is counted and ranked
    before any of their items is read; grouped before the owner is joined."""
    grouped = (
        select(
            ActionItem.owner_id,
            func.count().label("count"),
            func.min(ActionItem.due_date).label("oldest"),
        )
        .where(ActionItem.team_id == team_id, ActionItem.program_id == program_id)
        .where(_overdue(today))
        .group_by(ActionItem.owner_id)
        .subquery()
    )
    statement = select(
        grouped.c.owner_id,
        Person.display_name,
        Person.slack_user_id,
        grouped.c.count,
        grouped.c.oldest,
    ).outerjoin(Person, col(Person.id) == grouped.c.owner_id)
    return column_rows(session, statement)


def _of_owners(owners: Collection[int | None]) -> ColumnElement[bool]:
    ids = [owner for owner in owners if owner is not None]
    chosen = col(ActionItem.owner_id).in_(ids)
    return or_(chosen, col(ActionItem.owner_id).is_(None)) if None in owners else chosen


def overdue_rows(
    session: Session, *, team_id: str, program_id: int, today: date
) -> Iterator[Row[Any]]:
    """Every overdue item, by (due, id)."""
    statement = _item_lines(team_id, program_id).where(_overdue(today))
    return streamed_rows(session, statement.order_by(ActionItem.due_date, ActionItem.id))


def first_overdue_rows(
    session: Session,
    *,
    team_id: str,
    program_id: int,
    today: date,
    owners: Collection[int | None],
    per_owner: int,
) -> Sequence[Row[Any]]:
    """The first `per_owner` overdue items by (due, id) of each of `owners` (None: the
    items with no owner), ranked in SQL (`row_number()` per owner) so the rest of a
    big program's overdue items never leave the database."""
    position = func.row_number().over(
        partition_by=ActionItem.owner_id, order_by=(ActionItem.due_date, ActionItem.id)
    )
    ranked = (
        _item_lines(team_id, program_id)
        .where(_overdue(today), _of_owners(owners))
        .add_columns(position.label("position"))
        .subquery()
    )
    statement = (
        select(*(ranked.c[column.key] for column in ITEM_LINE_COLUMNS))
        .where(ranked.c.position <= per_owner)
        .order_by(ranked.c.due_date, ranked.c.id)
    )
    return column_rows(session, statement)


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
