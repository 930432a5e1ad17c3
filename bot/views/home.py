"""The App Home tab: my open items, what I wait on, my programs' health."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.views.items import describe, item_blocks
from bot.views.program import status_text
from coordination.item_views import ItemView
from coordination.my_work import WaitingOn
from coordination.program_view import ProgramView

MAX_ITEMS = 25  # Home views allow 100 blocks; items take two each


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": text}}


def _my_items(items: list[ItemView], today: date) -> list[dict[str, Any]]:
    if not items:
        return [_section("_Nothing open. Nice._")]
    blocks: list[dict[str, Any]] = []
    for item in items[:MAX_ITEMS]:
        late = item.due is not None and item.due < today
        rendered = item_blocks(item)
        if late:
            rendered[0]["text"]["text"] = ":warning: overdue · " + rendered[0]["text"]["text"]
        blocks.extend(rendered)
    return blocks


def home_view(
    *,
    today: date,
    mine: list[ItemView],
    waiting: list[WaitingOn],
    programs: list[ProgramView],
) -> dict[str, Any]:
    waiting_lines = [f"• {describe(w.theirs)}\n   for your _{w.mine.task}_" for w in waiting]
    blocks = [
        _header("My open items"),
        *_my_items(mine, today),
        {"type": "divider"},
        _header("Waiting on others"),
        _section("\n".join(waiting_lines) or "_You're not waiting on anyone._"),
        {"type": "divider"},
        _header("My programs"),
        *[_section(status_text(view)) for view in programs],
    ]
    if not programs:
        blocks.append(_section("_You own no open work in any program yet._"))
    return {"type": "home", "blocks": blocks[:100]}
