"""Action items and their history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select
from sqlmodel import Session, col, select

from storage.models import ActionItem, ItemHistory


@dataclass(frozen=True)
class ItemFilter:
    program_id: int | None = None
    owner_id: int | None = None
    project_id: int | None = None
    status: str | None = None
    overdue_on: date | None = None
    """Only open items due before this day (the program's today)."""


def filtered(statement: Select[Any], *, team_id: str, where: ItemFilter) -> Select[Any]:
    """`statement` (over action_item) narrowed to the team and the filter."""
    statement = statement.where(ActionItem.team_id == team_id)
    if where.program_id is not None:
        statement = statement.where(ActionItem.program_id == where.program_id)
    if where.owner_id is not None:
        statement = statement.where(ActionItem.owner_id == where.owner_id)
    if where.project_id is not None:
        statement = statement.where(ActionItem.project_id == where.project_id)
    if where.status is not None:
        statement = statement.where(ActionItem.status == where.status)
    if where.overdue_on is not None:
        statement = statement.where(
            ActionItem.status == "open", col(ActionItem.due_date) < where.overdue_on
        )
    return statement


def due_order(statement: Select[Any]) -> Select[Any]:
    """Soonest due first, undated last, then by id: a stable order for pages."""
    return statement.order_by(
        col(ActionItem.due_date).is_(None), ActionItem.due_date, ActionItem.id
    )


def list_items(session: Session, *, team_id: str, where: ItemFilter) -> list[ActionItem]:
    statement = filtered(select(ActionItem), team_id=team_id, where=where)
    return list(session.exec(due_order(statement)))


def get_item(
    session: Session, *, team_id: str, item_id: int, for_update: bool = False
) -> ActionItem | None:
    """`for_update` locks the row until the transaction ends (PostgreSQL; SQLite ignores
    it and relies on the version check), so a change reads what the last one wrote."""
    statement = select(ActionItem).where(ActionItem.team_id == team_id, ActionItem.id == item_id)
    if for_update:
        statement = statement.with_for_update().execution_options(populate_existing=True)
    return session.exec(statement).first()


def live_items_by_task_key(
    session: Session, *, team_id: str, program_id: int, task_keys: Iterable[str]
) -> dict[str, list[ActionItem]]:
    """Items not cancelled (done ones too: notes may restate them), one query for every
    candidate key, so reconciling N items is not N queries."""
    keys = set(task_keys)
    if not keys:
        return {}
    statement = select(ActionItem).where(
        ActionItem.team_id == team_id,
        ActionItem.program_id == program_id,
        col(ActionItem.task_key).in_(keys),
        ActionItem.status != "cancelled",
    )
    found: dict[str, list[ActionItem]] = {}
    for item in session.exec(statement):
        found.setdefault(item.task_key, []).append(item)
    return found


def add_item(session: Session, *, team_id: str, now: datetime, **fields: object) -> ActionItem:
    item = ActionItem(team_id=team_id, created_at=now, updated_at=now, **fields)
    session.add(item)
    session.flush()
    return item


def record_change(
    session: Session,
    *,
    item: ActionItem,
    field: str,
    old: object,
    new: object,
    changed_by: str,
    now: datetime,
    source_id: int | None = None,
) -> ItemHistory:
    """Writes the history row; callers change the item itself in the same transaction."""
    entry = ItemHistory(
        team_id=item.team_id,
        item_id=item.id,
        field=field,
        old_value=None if old is None else str(old),
        new_value=None if new is None else str(new),
        changed_by=changed_by,
        source_id=source_id,
        changed_at=now,
    )
    item.updated_at = now
    session.add(entry)
    return entry


def item_history(session: Session, *, team_id: str, item_id: int) -> list[ItemHistory]:
    statement = (
        select(ItemHistory)
        .where(ItemHistory.team_id == team_id, ItemHistory.item_id == item_id)
        .order_by(ItemHistory.changed_at, ItemHistory.id)
    )
    return list(session.exec(statement))


def open_items_for_owners(
    session: Session, *, team_id: str, program_id: int, owner_ids: Iterable[int]
) -> list[ActionItem]:
    ids = set(owner_ids)
    if not ids:
        return []
    statement = select(ActionItem).where(
        ActionItem.team_id == team_id,
        ActionItem.program_id == program_id,
        col(ActionItem.owner_id).in_(ids),
        ActionItem.status == "open",
    )
    return list(session.exec(statement))


def items_by_ids(session: Session, *, team_id: str, item_ids: Iterable[int]) -> list[ActionItem]:
    ids = set(item_ids)
    if not ids:
        return []
    statement = select(ActionItem).where(ActionItem.team_id == team_id, col(ActionItem.id).in_(ids))
    return list(session.exec(statement))
