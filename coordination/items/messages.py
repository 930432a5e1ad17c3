"""Where an item's Slack message is, so a reaction on it can act on the item."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import ActionItem


def remember_message(
    session: Session, *, team_id: str, item_ids: list[int], channel: str, ts: str
) -> None:
    for item in _items(session, team_id, item_ids):
        item.slack_channel, item.slack_ts = channel, ts
        session.add(item)


def item_at_message(session: Session, *, team_id: str, channel: str, ts: str) -> int | None:
    """The one item a message stands for; a summary listing several items names none,
    because a single reaction cannot say which of them is done."""
    statement = select(ActionItem.id).where(
        ActionItem.team_id == team_id,
        ActionItem.slack_channel == channel,
        ActionItem.slack_ts == ts,
    )
    ids = list(session.exec(statement.limit(2)))
    return ids[0] if len(ids) == 1 else None


def _items(session: Session, team_id: str, item_ids: list[int]) -> list[ActionItem]:
    if not item_ids:
        return []
    statement = select(ActionItem).where(
        ActionItem.team_id == team_id,
        ActionItem.id.in_(item_ids),  # type: ignore[union-attr]
    )
    return list(session.exec(statement))
