"""One action item as Block Kit, with the buttons that change it.

Every message that shows an item (thread summaries, reminder DMs, App Home) renders it
here, so the action ids below are the whole contract between a message and the
listeners in bot/listeners/item_buttons.py. Buttons carry the item id as their value;
the user select and date picker carry none, so the actions block's id names the item.
"""

from __future__ import annotations

from typing import Any

from coordination.item_views import ItemView

ACTION_DONE = "item_done"
ACTION_SNOOZE_DAY = "item_snooze_day"
ACTION_SNOOZE_WEEK = "item_snooze_week"
ACTION_REASSIGN = "item_reassign"
ACTION_DUE = "item_due"
ACTION_DISMISS = "item_dismiss"
ACTION_CONFIRM = "item_confirm"
ACTION_EDIT = "item_edit"

ITEM_ACTIONS = (
    ACTION_DONE,
    ACTION_SNOOZE_DAY,
    ACTION_SNOOZE_WEEK,
    ACTION_REASSIGN,
    ACTION_DUE,
    ACTION_DISMISS,
    ACTION_CONFIRM,
    ACTION_EDIT,
)

BLOCK_PREFIX = "item:"
TEXT_PREFIX = "item_text:"
STATUS_LABELS = {"done": ":white_check_mark: done", "cancelled": ":no_entry_sign: not an item"}


def block_id_for(item_id: int) -> str:
    return f"{BLOCK_PREFIX}{item_id}"


def item_id_from_block(block_id: str) -> int | None:
    """The item an action belongs to, read back from its block id; None for foreign blocks."""
    if not block_id.startswith(BLOCK_PREFIX):
        return None
    tail = block_id[len(BLOCK_PREFIX) :]
    return int(tail) if tail.isdigit() else None


def replace_item(
    blocks: list[dict[str, Any]], item_id: int, replacement: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A message's blocks with one item's blocks swapped, the rest (other items) kept."""
    own = {block_id_for(item_id), f"{TEXT_PREFIX}{item_id}"}
    result: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("block_id") not in own:
            result.append(block)
        elif replacement:
            result.extend(replacement)
            replacement = []
    return result


def _owner(item: ItemView) -> str:
    if item.owner_slack_id:
        return f"<@{item.owner_slack_id}>"
    return item.owner or "_no owner_"


def describe(item: ItemView) -> str:
    """The one-line mrkdwn summary, also used as a message's plain-text fallback."""
    task = f"~{item.task}~" if item.status != "open" else f"*{item.task}*"
    due = item.due.isoformat() if item.due else "no date"
    parts = [f"{task}", f"owner {_owner(item)}", f"due {due}"]
    if item.project:
        parts.append(f"project {item.project}")
    if item.status in STATUS_LABELS:
        parts.append(STATUS_LABELS[item.status])
    return " · ".join(parts)


def _button(text: str, action_id: str, item_id: int, style: str | None = None) -> dict[str, Any]:
    button: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": text},
        "action_id": action_id,
        "value": str(item_id),
    }
    if style:
        button["style"] = style
    return button


def _review_elements(item: ItemView) -> list[dict[str, Any]]:
    """Fresh extractions ask for a judgement first; Edit opens the modal in edit_modal.py."""
    return [
        _button("Confirm", ACTION_CONFIRM, item.id, "primary"),
        _button("Edit", ACTION_EDIT, item.id),
        _button("Not an action item", ACTION_DISMISS, item.id, "danger"),
    ]


def _full_elements(item: ItemView) -> list[dict[str, Any]]:
    due_picker: dict[str, Any] = {
        "type": "datepicker",
        "action_id": ACTION_DUE,
        "placeholder": {"type": "plain_text", "text": "New due date"},
    }
    if item.due:
        due_picker["initial_date"] = item.due.isoformat()
    return [
        _button("Done", ACTION_DONE, item.id, "primary"),
        _button("Snooze 1 day", ACTION_SNOOZE_DAY, item.id),
        _button("Snooze 1 week", ACTION_SNOOZE_WEEK, item.id),
        {
            "type": "users_select",
            "action_id": ACTION_REASSIGN,
            "placeholder": {"type": "plain_text", "text": "Reassign"},
        },
        due_picker,
        _button("Not an action item", ACTION_DISMISS, item.id, "danger"),
    ]


def item_blocks(
    item: ItemView, *, show_actions: bool = True, review: bool = False
) -> list[dict[str, Any]]:
    """A section for the item and, while it is open, its actions.

    `review=True` is for items just extracted from a thread (Confirm / Edit / Not an
    action item); the default is the full set used in DMs and after any change.
    """
    blocks: list[dict[str, Any]] = [
        {
            "type": "section",
            "block_id": f"{TEXT_PREFIX}{item.id}",
            "text": {"type": "mrkdwn", "text": f"#{item.id} {describe(item)}"},
        }
    ]
    if show_actions and item.status == "open":
        elements = _review_elements(item) if review else _full_elements(item)
        blocks.append({"type": "actions", "block_id": block_id_for(item.id), "elements": elements})
    return blocks
