"""The reply to a mention, shortcut or file: what was found, each item with its buttons."""

from __future__ import annotations

from typing import Any

from bot.views.blockkit import MESSAGE, Layout, context, section
from bot.views.items import item_blocks
from bot.views.mrkdwn import escape
from bot.views.offered import add_offered
from coordination.items.views import ItemView
from extractors.models import ExtractedItem

MAX_WARNINGS = 5
MORE_ITEMS = "…and {n} more — see `/followthrough mine` and the digest."


def _header(items: list[ItemView], program: str, created_program: bool, already: bool) -> str:
    program = escape(program)
    if already:
        return f"I've already read this; its items are tracked in *{program}*."
    if not items:
        return f"I found no action items here (program *{program}*)."
    noun = "item" if len(items) == 1 else "items"
    text = f"I found {len(items)} action {noun} for *{program}*:"
    if created_program:
        text = f"I created the program *{program}* for this workspace. " + text
    return text


def _once(items: list[ItemView]) -> list[ItemView]:
    """An item restated several times in the notes is listed once."""
    return list({item.id: item for item in items}.values())


def summary_message(
    items: list[ItemView],
    *,
    program: str,
    created_program: bool = False,
    already: bool = False,
    warnings: list[str] | None = None,
    mentioned: list[ExtractedItem] | None = None,
) -> tuple[str, list[dict[str, Any]]]:
    """(notification text, blocks): as many items as fit, then how many more, then the
    promises only mentioned, each with a Track button (not stored unless clicked)."""
    items = _once(items)
    header = _header(items, program, created_program, already)
    layout = Layout(MESSAGE)
    layout.add(section(header))
    notes = [escape(w) for w in (warnings or [])[:MAX_WARNINGS]]
    if notes:
        layout.add(context("\n".join(f"• {n}" for n in notes)))
    layout.units(
        (item_blocks(item, review=True) for item in items),
        more=lambda n: MORE_ITEMS.format(n=n),
    )
    add_offered(layout, list(mentioned or []))
    return header, layout.build()


def problem(error: Exception) -> str:
    """A user-facing error as mrkdwn: its text may quote what the user typed."""
    return f":warning: {escape(str(error))}"


def notice(text: str) -> tuple[str, list[dict[str, Any]]]:
    """`text` is ours; anything in it that came from people is escaped by the caller."""
    return text, [section(text)]
