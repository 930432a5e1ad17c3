"""One action item as Block Kit, with the controls that change it.

Every message that shows an item (thread summaries, reminder DMs, App Home, slash
answers) renders it here, so the action ids below are the whole contract between a
message and the listeners in bot/listeners/item_buttons.py. An open item shows one
primary button (Done, or Confirm for a fresh extraction) and an overflow menu for the
rest; the menu's options carry "<action>:<item id>", the button its item id, and the
actions block's id names the item too (`item:<id>`, plus `:<tag>` naming the list the
item was shown in, which an ephemeral message cannot tell us otherwise).

Messages sent before the overflow menu carried Snooze buttons, a user select
(Reassign) and a date picker (New due date); their action ids are still understood.
"""

from __future__ import annotations

from typing import Any

from bot.views import mrkdwn
from bot.views.blockkit import BUTTON_TEXT, OPTION_TEXT, plain, section
from coordination.items.views import ItemView

ACTION_DONE = "item_done"
ACTION_SNOOZE_DAY = "item_snooze_day"
ACTION_SNOOZE_WEEK = "item_snooze_week"
ACTION_REASSIGN = "item_reassign"
ACTION_DUE = "item_due"
ACTION_DISMISS = "item_dismiss"
ACTION_CONFIRM = "item_confirm"
ACTION_EDIT = "item_edit"
ACTION_MORE = "item_more"

ITEM_ACTIONS = (
    ACTION_DONE,
    ACTION_SNOOZE_DAY,
    ACTION_SNOOZE_WEEK,
    ACTION_REASSIGN,
    ACTION_DUE,
    ACTION_DISMISS,
    ACTION_CONFIRM,
    ACTION_EDIT,
    ACTION_MORE,
)
MENU_CHOICES = (
    (ACTION_SNOOZE_DAY, "Snooze 1 day"),
    (ACTION_SNOOZE_WEEK, "Snooze 1 week"),
    (ACTION_EDIT, "Change owner, date or task…"),
    (ACTION_DISMISS, "Not an action item"),
)
REVIEW_CHOICES = (
    (ACTION_EDIT, "Edit owner, date or task…"),
    (ACTION_DISMISS, "Not an action item"),
)

BLOCK_PREFIX = "item:"
TEXT_PREFIX = "item_text:"
TASK_SHOWN = 600
"""Longer tasks are cut in messages (the full text stays stored): a 3,000-character
task would leave no room for its owner and date."""
QUOTE_SHOWN = 200
STATUS_LABELS = {"done": ":white_check_mark: done", "cancelled": ":no_entry_sign: not an item"}


def block_id_for(item_id: int, tag: str = "") -> str:
    return f"{BLOCK_PREFIX}{item_id}:{tag}" if tag else f"{BLOCK_PREFIX}{item_id}"


def _parts(block_id: str) -> tuple[int | None, str]:
    if not block_id.startswith(BLOCK_PREFIX):
        return None, ""
    number, _, tag = block_id[len(BLOCK_PREFIX) :].partition(":")
    return (int(number), tag) if number.isdigit() else (None, "")


def item_id_from_block(block_id: str) -> int | None:
    """The item an action belongs to, read back from its block id; None for foreign blocks."""
    return _parts(block_id)[0]


def tag_of_block(block_id: str) -> str:
    """Which list the item was shown in ("mine"), or "" for a message of its own."""
    return _parts(block_id)[1]


def chosen(action: dict[str, Any]) -> tuple[str, int | None, str | None]:
    """(action id, item id, chosen value) of a click, with an overflow choice read as
    the action it names."""
    block_item = item_id_from_block(action.get("block_id", ""))
    if action.get("type") == "overflow":
        value = str((action.get("selected_option") or {}).get("value", ""))
        name, _, number = value.rpartition(":")
        if name in ITEM_ACTIONS and number.isdigit():
            return name, int(number), None
        return ACTION_MORE, None, None
    value = action.get("value") or action.get("selected_user") or action.get("selected_date")
    if action.get("type") == "button" and str(action.get("value", "")).isdigit():
        return action["action_id"], int(action["value"]), value
    return action["action_id"], block_item, value


def replace_item(
    blocks: list[dict[str, Any]], item_id: int, replacement: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A message's blocks with one item's blocks swapped, the rest (other items) kept."""
    result: list[dict[str, Any]] = []
    for block in blocks:
        block_id = str(block.get("block_id", ""))
        if block_id != f"{TEXT_PREFIX}{item_id}" and item_id_from_block(block_id) != item_id:
            result.append(block)
        elif replacement:
            result.extend(replacement)
            replacement = []
    return result


def describe(item: ItemView) -> str:
    """The one-line mrkdwn summary, also a message's notification text. Task, owner
    and project names came from notes: escaped, so they ping nobody."""
    task = mrkdwn.escape(mrkdwn.clip(item.task, TASK_SHOWN))
    task = f"~{task}~" if item.status != "open" else f"*{task}*"
    due = mrkdwn.day(item.due) if item.due else "no date"
    parts = [task, f"owner {mrkdwn.person(item.owner, item.owner_slack_id)}", f"due {due}"]
    if item.project:
        parts.append(f"project {mrkdwn.escape(item.project)}")
    if item.waits_on and item.status == "open":
        parts.append("waits on " + "; ".join(mrkdwn.escape(w) for w in item.waits_on))
    if item.status in STATUS_LABELS:
        parts.append(STATUS_LABELS[item.status])
    return " · ".join(parts)


def _quoted(item: ItemView) -> str:
    """The sentence the item came from, under it, when it says more than the task; a
    fresh extraction's reply sits under that sentence already."""
    quote = item.quote or ""
    if not quote or quote.strip(" .").lower() == item.task.strip(" .").lower():
        return ""
    return f"\n> _{mrkdwn.escape(mrkdwn.clip(quote, QUOTE_SHOWN))}_"


def _button(text: str, action_id: str, item_id: int, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT),
        "action_id": action_id,
        "value": str(item_id),
    }
    if style:
        button["style"] = style
    return button


def _menu(item_id: int, choices: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    return {
        "type": "overflow",
        "action_id": ACTION_MORE,
        "options": [
            {"text": plain(label, OPTION_TEXT), "value": f"{action}:{item_id}"}
            for action, label in choices
        ],
    }


def _elements(item: ItemView, review: bool) -> list[dict[str, Any]]:
    """Fresh extractions ask for a judgement first (Confirm); everything else, Done.
    Edit opens the modal in edit_modal.py, where owner and date are changed too."""
    if review:
        return [
            _button("Confirm", ACTION_CONFIRM, item.id, "primary"),
            _menu(item.id, REVIEW_CHOICES),
        ]
    return [_button("Done", ACTION_DONE, item.id, "primary"), _menu(item.id, MENU_CHOICES)]


def item_blocks(
    item: ItemView, *, review: bool = False, tag: str = "", note: str = ""
) -> list[dict[str, Any]]:
    """A section for the item (after `note`, such as ":warning: overdue") and, while it
    is open, its controls. `review=True` is for items just extracted from a thread."""
    text = f"{note} · " if note else ""
    said = "" if review else _quoted(item)
    blocks = [
        section(f"{text}#{item.id} {describe(item)}{said}", block_id=f"{TEXT_PREFIX}{item.id}")
    ]
    if item.status == "open":
        actions = {"type": "actions", "block_id": block_id_for(item.id, tag)}
        blocks.append({**actions, "elements": _elements(item, review)})
    return blocks
