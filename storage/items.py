"""Action items and their history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import ActionItem, ItemHistory


@dataclass(frozen=True)
class ItemFilter:
    program_id: int | None = None
    owner_id: int | None = None
    project_id: int | None = None
    status: str | None = None


def list_items(session: Session, *, team_id: str, where: ItemFilter) -> list[ActionItem]:
    statement = select(ActionItem).where(ActionItem.team_id == team_id)
    if where.program_id is not None:
        statement = statement.where(ActionItem.program_id == where.program_id)
    if where.owner_id is not None:
        statement = statement.where(ActionItem.owner_id == where.owner_id)
    if where.project_id is not None:
        statement = statement.where(ActionItem.project_id == where.project_id)
    if where.status is not None:
        statement = statement.where(ActionItem.status == where.status)
    statement = statement.order_by(col(ActionItem.due_date).is_(None), ActionItem.due_date)
    return list(session.exec(statement.order_by(ActionItem.id)))


def get_item(session: Session, *, team_id: str, item_id: int) -> ActionItem | None:
    statement = select(ActionItem).where(ActionItem.team_id == team_id, ActionItem.id == item_id)
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
