"""'Also mentioned': promises in the notes outside their own action list, each with a
Track button. Nothing here is stored until someone clicks."""

from __future__ import annotations

from typing import Any

from coordination.offered import offer_value
from extractors.models import ExtractedItem

ACTION_TRACK = "offered_track"
MAX_OFFERED = 5
"""Kept short: the reply is about the notes' own list, these are second thoughts."""


def _line(item: ExtractedItem) -> str:
    owner = item.owners[0] if item.owners else None
    who = (
        f"<@{owner.person_key}>"
        if owner and owner.person_key and owner.person_key[:1] in "UW"
        else owner.name
        if owner
        else "no owner"
    )
    due = f" · due {item.due.isoformat()}" if item.due else ""
    return f"{item.task[:2500]} · {who}{due}"


def offered_blocks(mentioned: list[ExtractedItem]) -> list[dict[str, Any]]:
    if not mentioned:
        return []
    blocks: list[dict[str, Any]] = [
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": "*Also mentioned* (not tracked unless you say so):"}
            ],
        }
    ]
    for position, item in enumerate(mentioned[:MAX_OFFERED]):
        blocks.append(
            {
                "type": "section",
                "block_id": f"offered:{position}",
                "text": {"type": "mrkdwn", "text": _line(item)},
                "accessory": {
                    "type": "button",
                    "action_id": ACTION_TRACK,
                    "text": {"type": "plain_text", "text": "Track"},
                    "value": offer_value(item),
                },
            }
        )
    if len(mentioned) > MAX_OFFERED:
        more = len(mentioned) - MAX_OFFERED
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"and {more} more"}]}
        )
    return blocks
