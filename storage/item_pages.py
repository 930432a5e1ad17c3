"""One page of a program's items for the dashboard, with what each row shows.

Each helper is one query, so a page costs the same at 50 items or 50,000: the count,
the page's rows (owner, project and source joined), and the page's history and
source texts fetched by the ids on the page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func
from sqlmodel import Session, col, select

from storage.items import ItemFilter, due_order, filtered
from storage.models import ActionItem, ItemHistory, Person, Project, Source


def count_items(session: Session, *, team_id: str, where: ItemFilter) -> int:
    statement = filtered(select(func.count()).select_from(ActionItem), team_id=team_id, where=where)
    return session.exec(statement).one()


def _row_select() -> Select[Any]:
    return (
        select(
            ActionItem.id,
            ActionItem.task,
            ActionItem.status,
            ActionItem.due_date,
            ActionItem.owner_names,
            ActionItem.project_id,
            ActionItem.source_id,
            ActionItem.evidence_start,
            ActionItem.evidence_end,
            Person.display_name.label("owner"),
            Project.name.label("project"),
            Source.permalink,
            Source.title.label("source_title"),
        )
        .outerjoin(Person, col(Person.id) == ActionItem.owner_id)
        .outerjoin(Project, col(Project.id) == ActionItem.project_id)
        .outerjoin(Source, col(Source.id) == ActionItem.source_id)
    )


def item_page_rows(
    session: Session, *, team_id: str, where: ItemFilter, limit: int, offset: int
) -> Sequence[Row[Any]]:
    statement = due_order(filtered(_row_select(), team_id=team_id, where=where))
    return session.exec(statement.limit(limit).offset(offset)).all()


def item_row(session: Session, *, team_id: str, program_id: int, item_id: int) -> Row[Any] | None:
    where = ItemFilter(program_id=program_id)
    statement = filtered(_row_select(), team_id=team_id, where=where)
    return session.exec(statement.where(ActionItem.id == item_id)).first()


def history_of_items(
    session: Session, *, team_id: str, item_ids: Iterable[int]
) -> list[ItemHistory]:
    ids = set(item_ids)
    if not ids:
        return []
    statement = (
        select(ItemHistory)
        .where(ItemHistory.team_id == team_id, col(ItemHistory.item_id).in_(ids))
        .order_by(ItemHistory.changed_at, ItemHistory.id)
    )
    return list(session.exec(statement))


def source_texts(session: Session, *, team_id: str, source_ids: Iterable[int]) -> dict[int, str]:
    ids = set(source_ids)
    if not ids:
        return {}
    statement = select(Source.id, Source.text).where(
        Source.team_id == team_id, col(Source.id).in_(ids)
    )
    return dict(session.exec(statement).all())


def item_permalinks(session: Session, *, team_id: str, item_ids: Iterable[int]) -> dict[int, str]:
    """The source thread of each item that has one, for links out of the graph."""
    ids = set(item_ids)
    if not ids:
        return {}
    statement = (
        select(ActionItem.id, Source.permalink)
        .join(Source, col(Source.id) == ActionItem.source_id)
        .where(
            ActionItem.team_id == team_id,
            col(ActionItem.id).in_(ids),
            col(Source.permalink).is_not(None),
        )
    )
    return dict(session.exec(statement).all())


def new_items_by_project(
    session: Session, *, team_id: str, program_id: int, since: datetime
) -> dict[int | None, int]:
    """How many items each project gained since `since` (cancelled ones not counted)."""
    statement = (
        select(ActionItem.project_id, func.count())
        .where(
            ActionItem.team_id == team_id,
            ActionItem.program_id == program_id,
            ActionItem.status != "cancelled",
            col(ActionItem.created_at) >= since,
        )
        .group_by(ActionItem.project_id)
    )
    return dict(session.exec(statement).all())
