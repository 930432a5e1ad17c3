"""The reply to a mention, shortcut or file: what was found, each item with its buttons."""

from __future__ import annotations

from typing import Any

from bot.views.items import item_blocks
from bot.views.offered import offered_blocks
from coordination.item_views import ItemView
from extractors.models import ExtractedItem

MAX_ITEMS = 20  # two blocks each keeps the message under Slack's 50-block limit


def _header(items: list[ItemView], program: str, created_program: bool, already: bool) -> str:
    if already:
        return f"I've already read this; its items are tracked in *{program}*."
    if not items:
        return f"I found no action items here (program *{program}*)."
    noun = "item" if len(items) == 1 else "items"
    text = f"I found {len(items)} action {noun} for *{program}*:"
    if created_program:
        text = f"I created the program *{program}* for this workspace. " + text
    return text


def summary_message(
    items: list[ItemView],
    *,
    program: str,
    created_program: bool = False,
    already: bool = False,
    warnings: list[str] | None = None,
    mentioned: list[ExtractedItem] | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """(fallback text, blocks); `mentioned` are offered with a Track button, not stored."""
    header = _header(items, program, created_program, already)
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": header}}]
    for item in items[:MAX_ITEMS]:
        blocks.extend(item_blocks(item, review=True))
    blocks.extend(offered_blocks(list(mentioned or [])))
    notes = list(warnings or [])
    if len(items) > MAX_ITEMS:
        notes.insert(
            0, f"{len(items) - MAX_ITEMS} more are in `/followthrough mine` and the digest."
        )
    if notes:
        text = "\n".join(f"• {n}" for n in notes[:5])
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": text}]})
    return header, blocks


def notice(text: str) -> tuple[str, list[dict[str, Any]]]:
    return text, [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
