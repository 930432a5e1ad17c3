"""`/followthrough mine`: my open items, overdue first, each with its controls.

The answer is ephemeral, so its items carry the `mine` tag in their block ids: a click
on one redraws the whole list through the response_url (bot/work/items.py).
"""

from __future__ import annotations

from datetime import date

from bot.views.blockkit import MESSAGE, Layout, section
from bot.views.items import item_blocks
from bot.views.program import Answer
from bot.views.summary import notice
from coordination.items.views import ItemView

MINE = "mine"
MORE_MINE = "…and {n} more, due later — App Home lists them too."


def mine_message(items: list[ItemView], today: date) -> Answer:
    if not items:
        return notice("You have no open items.")
    text = f"You have {len(items)} open items."
    layout = Layout(MESSAGE)
    layout.add(section(f"*{text}* Overdue first."))
    layout.units(
        (
            item_blocks(
                item, tag=MINE, note=":warning: overdue" if item.due and item.due < today else ""
            )
            for item in items
        ),
        more=lambda n: MORE_MINE.format(n=n),
    )
    return text, layout.build()
