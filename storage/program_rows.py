"""Bulk reads of one program's rows as plain tuples.

Digests and status read hundreds of thousands of items; selecting columns rather than
ORM objects, one query per table, keeps that fast and the query count constant. The
column selects run on the session's connection (SQLAlchemy Core): the ORM's result
machinery would double the cost of reading 200,000 rows and add nothing to tuples.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import DateTime, Row, Select, type_coerce
from sqlmodel import Session, col, select

from storage.models import ActionItem, Dependency, ItemHistory, Person, Project, Risk


def column_rows(session: Session, statement: Select[Any]) -> Sequence[Row[Any]]:
    """A column select, in the session's transaction, without the ORM's row loading."""
    return session.connection().execute(statement).all()


STREAM_ROWS = 10_000


def streamed_batches(session: Session, statement: Select[Any]) -> Iterator[Sequence[Row[Any]]]:
    """A column select handed over `STREAM_ROWS` rows at a time: the caller turns each
    batch into records before the next is made, so a program's Row objects and its
    records never sit in memory side by side. The driver still receives the result in
    one go (a server-side cursor would cost a round trip per few hundred rows); one query."""
    yield from session.connection().execute(statement).partitions(STREAM_ROWS)


def streamed_rows(session: Session, statement: Select[Any]) -> Iterator[Row[Any]]:
    """`streamed_batches`, row by row."""
    for batch in streamed_batches(session, statement):
        yield from batch


def item_rows(session: Session, *, team_id: str, program_id: int) -> Iterator[Sequence[Row[Any]]]:
    """In batches (`streamed_batches`), columns in `ItemFacts`' order. `completed_at`
    comes back naive (UTC): converting tens of thousands through the column type costs
    more than the query, so the zone is attached only when a record is made from a row."""
    statement = select(
        ActionItem.id,
        ActionItem.project_id,
        ActionItem.owner_id,
        ActionItem.task,
        ActionItem.status,
        ActionItem.due_date,
        ActionItem.estimate_days,
        type_coerce(ActionItem.completed_at, DateTime()),
    ).where(ActionItem.team_id == team_id, ActionItem.program_id == program_id)
    return streamed_batches(session, statement)


def due_change_rows(session: Session, *, team_id: str, program_id: int) -> Sequence[Row[Any]]:
    statement = (
        select(
            ItemHistory.item_id,
            ItemHistory.changed_at,
            ItemHistory.old_value,
            ItemHistory.new_value,
        )
        .join(ActionItem, col(ActionItem.id) == ItemHistory.item_id)
        .where(
            ItemHistory.team_id == team_id,
            ItemHistory.field == "due_date",
            ActionItem.program_id == program_id,
        )
        .order_by(ItemHistory.changed_at, ItemHistory.id)
    )
    return column_rows(session, statement)


def dependency_rows(session: Session, *, team_id: str, program_id: int) -> Sequence[Row[Any]]:
    statement = select(
        Dependency.id,
        Dependency.upstream_item_id,
        Dependency.upstream_project_id,
        Dependency.downstream_item_id,
        Dependency.downstream_project_id,
        Dependency.status,
        Dependency.need_by,
    ).where(Dependency.team_id == team_id, Dependency.program_id == program_id)
    return column_rows(session, statement)


def project_rows(session: Session, *, team_id: str, program_id: int) -> list[Project]:
    statement = select(Project).where(Project.team_id == team_id, Project.program_id == program_id)
    return list(session.exec(statement))


def people_rows(session: Session, *, team_id: str, program_id: int) -> Sequence[Row[Any]]:
    """People who own work in the program or lead one of its projects: id, name,
    weekly capacity and Slack id."""
    owners = select(ActionItem.owner_id).where(
        ActionItem.team_id == team_id, ActionItem.program_id == program_id
    )
    leads = select(Project.lead_id).where(
        Project.team_id == team_id, Project.program_id == program_id
    )
    statement = select(
        Person.id, Person.display_name, Person.weekly_capacity_days, Person.slack_user_id
    ).where(Person.team_id == team_id, col(Person.id).in_(owners.union(leads)))
    return column_rows(session, statement)


def risk_rows(session: Session, *, team_id: str, program_id: int) -> list[Risk]:
    statement = select(Risk).where(Risk.team_id == team_id, Risk.program_id == program_id)
    return list(session.exec(statement))
