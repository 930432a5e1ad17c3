"""'Also mentioned': promises in the notes outside their own action list, each with a
Track button. Nothing here is stored until someone clicks."""

from __future__ import annotations

from collections.abc import Sequence

from bot.views.blockkit import BlockDict, Layout, context, section
from bot.views.mrkdwn import escape, mention
from coordination.ingest.offered import offer_value
from extractors.models import ExtractedItem

ACTION_TRACK = "offered_track"
MAX_OFFERED = 5
"""Kept short: the reply is about the notes' own list, these are second thoughts."""
HEADING = "*Also mentioned* (tracked only if you click Track):"


def _line(item: ExtractedItem) -> str:
    owner = item.owners[0] if item.owners else None
    who = (mention(owner.person_key) or escape(owner.name)) if owner else "no owner"
    due = f" · due {item.due.isoformat()}" if item.due else ""
    return f"{escape(item.task)} · {who}{due}"


def _offer(position: int, item: ExtractedItem) -> Sequence[BlockDict]:
    block = section(_line(item), block_id=f"offered:{position}")
    block["accessory"] = {
        "type": "button",
        "action_id": ACTION_TRACK,
        "text": {"type": "plain_text", "text": "Track"},
        "value": offer_value(item),
    }
    return [block]


def add_offered(layout: Layout, mentioned: list[ExtractedItem]) -> None:
    """The offers that fit after the items, then how many more there were."""
    if not mentioned:
        return
    layout.add(context(HEADING), reserve=2)
    layout.units(
        (_offer(n, item) for n, item in enumerate(mentioned)),
        more=lambda n: f"…and {n} more mentioned",
        limit=MAX_OFFERED,
    )
