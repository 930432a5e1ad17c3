"""Dependency rows."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from storage.models import Dependency


def dependencies_into_items(
    session: Session, *, team_id: str, item_ids: Iterable[int]
) -> list[Dependency]:
    """What the given items already wait on, so restated notes do not add edges twice."""
    ids = set(item_ids)
    if not ids:
        return []
    statement = select(Dependency).where(
        Dependency.team_id == team_id, col(Dependency.downstream_item_id).in_(ids)
    )
    return list(session.exec(statement))


def list_dependencies(session: Session, *, team_id: str, program_id: int) -> list[Dependency]:
    statement = select(Dependency).where(
        Dependency.team_id == team_id, Dependency.program_id == program_id
    )
    return list(session.exec(statement.order_by(Dependency.id)))
