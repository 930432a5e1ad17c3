"""The App Home tab: my open items, what I wait on, my programs' health.

One Home view holds 100 blocks: my items get the most room (overdue first), then the
items I wait on, then each program's health cut to its projects most at risk.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.views.blockkit import VIEW, Layout, divider, header, section
from bot.views.items import describe, item_blocks
from bot.views.mrkdwn import clip, escape
from bot.views.program import add_status
from coordination.items.my_work import WaitingOn
from coordination.items.views import ItemView
from coordination.program_view.view import ProgramView

MAX_ITEMS = 25
MAX_WAITING = 20
PROJECTS_PER_PROGRAM = 8
MORE_MINE = "…and {n} more — see `/followthrough mine`."


def _note(item: ItemView, today: date) -> str:
    return ":warning: overdue" if item.due is not None and item.due < today else ""


def _waiting_line(waiting: WaitingOn) -> str:
    return f"• {describe(waiting.theirs)}\n   for your _{escape(clip(waiting.mine.task, 200))}_"


def home_view(
    *,
    today: date,
    mine: list[ItemView],
    waiting: list[WaitingOn],
    programs: list[ProgramView],
) -> dict[str, Any]:
    layout = Layout(VIEW)
    layout.add(header("My open items"))
    if not mine:
        layout.add(section("_Nothing open. Nice._"))
    layout.units(
        (item_blocks(item, note=_note(item, today)) for item in mine),
        more=lambda n: MORE_MINE.format(n=n),
        limit=MAX_ITEMS,
    )
    layout.add(divider(), header("Waiting on others"))
    layout.lines(
        [_waiting_line(w) for w in waiting] or ["_You're not waiting on anyone._"],
        more=lambda n: f"…and {n} more you are waiting on.",
        limit=MAX_WAITING,
    )
    layout.add(divider(), header("My programs"))
    if not programs:
        layout.add(section("_You own no open work in any program yet._"))
    for view in programs:
        add_status(layout, view, limit=PROJECTS_PER_PROGRAM)
    return {"type": "home", "blocks": layout.build()}


def unavailable_view(text: str) -> dict[str, Any]:
    """What Home shows when its full view was refused: better a line than a blank tab."""
    return {"type": "home", "blocks": [header("Followthrough"), section(text)]}
