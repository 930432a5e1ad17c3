"""The Edit modal: an item's task, owner, due date and project in one form.

The block and action ids below are the contract between the modal and
bot/listeners/item_edit.py. The modal's private_metadata carries the item id and where
the item's message is (plus an outline of that message), because a view_submission
says nothing about the message whose Edit button opened the modal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.views.blockkit import VIEW, finish, section
from bot.views.items import ACTION_CONFIRM, BLOCK_PREFIX, TEXT_PREFIX, item_blocks
from bot.views.mrkdwn import escape
from coordination.items.actions import EditForm
from coordination.items.views import ItemView

CALLBACK_ID = "item_edit_modal"
TASK, OWNER, DUE, PROJECT = "edit_task", "edit_owner", "edit_due", "edit_project"
NO_PROJECT = "none"
METADATA_LIMIT = 3000  # Slack's limit on private_metadata


def _text(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _input(block_id: str, label: str, element: dict[str, Any], optional: bool) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": _text(label),
        "optional": optional,
        "element": {**element, "action_id": block_id},
    }


def _task_input(form: EditForm) -> dict[str, Any]:
    element = {"type": "plain_text_input", "initial_value": form.task, "multiline": True}
    return _input(TASK, "Task", element, optional=False)


def _owner_input(form: EditForm) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "users_select", "placeholder": _text("Choose an owner")}
    if form.owner_slack_id:
        element["initial_user"] = form.owner_slack_id
    return _input(OWNER, "Owner", element, optional=True)


def _due_input(form: EditForm) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "datepicker", "placeholder": _text("Choose a date")}
    if form.due:
        element["initial_date"] = form.due.isoformat()
    return _input(DUE, "Due date", element, optional=True)


def _option(value: str, name: str) -> dict[str, Any]:
    return {"text": _text(name[:75]), "value": value}  # Slack caps option text at 75


def _project_input(form: EditForm) -> dict[str, Any]:
    """'No project' is an option because a static select cannot be cleared otherwise;
    Slack allows 100 options, which is plenty for one program's projects."""
    options = [_option(NO_PROJECT, "No project")]
    options += [_option(str(pid), name) for pid, name in form.projects[:99]]
    current = str(form.project_id) if form.project_id else NO_PROJECT
    initial = next((o for o in options if o["value"] == current), options[0])
    element = {"type": "static_select", "options": options, "initial_option": initial}
    return _input(PROJECT, "Project", element, optional=True)


def edit_modal(form: EditForm, metadata: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "private_metadata": metadata,
        "title": _text(f"Edit item #{form.item_id}"[:24]),
        "submit": _text("Save"),
        "close": _text("Cancel"),
        "blocks": finish(
            [_task_input(form), _owner_input(form), _due_input(form), _project_input(form)], VIEW
        ),
    }


def notice_modal(text: str) -> dict[str, Any]:
    """Shown instead of the form when the item cannot be edited (e.g. it was removed)."""
    return {
        "type": "modal",
        "title": _text("Edit item"),
        "close": _text("Close"),
        "blocks": [section(f":warning: {escape(text)}")],
    }


@dataclass(frozen=True)
class EditSubmission:
    task: str
    owner_user: str | None
    due: date | None
    project_id: int | None


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    return (values.get(block_id) or {}).get(block_id) or {}


def _due(raw: str | None, errors: dict[str, str]) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[DUE] = "Pick a date from the calendar (like 2026-12-04)."
        return None


def _project(option: dict[str, Any] | None) -> int | None:
    value = str((option or {}).get("value", NO_PROJECT))
    return int(value) if value.isdigit() else None


def read_submission(values: dict[str, Any]) -> tuple[EditSubmission | None, dict[str, str]]:
    """The form's values, or field errors keyed by block id for `response_action: errors`."""
    errors: dict[str, str] = {}
    task = (_value(values, TASK).get("value") or "").strip()
    if not task:
        errors[TASK] = "Write what needs doing."
    due = _due(_value(values, DUE).get("selected_date"), errors)
    if errors:
        return None, errors
    owner = _value(values, OWNER).get("selected_user") or None
    project_id = _project(_value(values, PROJECT).get("selected_option"))
    return EditSubmission(task, owner, due, project_id), {}


def outline(blocks: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """A message's blocks with each item reduced to {"item": id, "review": bool}: items
    are redrawn from storage, so only the blocks around them need keeping, and the
    whole thing fits in private_metadata."""
    result: list[dict[str, Any]] = []
    for block in blocks or []:
        block_id = str(block.get("block_id", ""))
        tail = block_id.removeprefix(TEXT_PREFIX)
        if block_id.startswith(TEXT_PREFIX) and tail.isdigit():
            result.append({"item": int(tail), "review": False})
        elif block_id.startswith(BLOCK_PREFIX):
            actions = {e.get("action_id") for e in block.get("elements", [])}
            if result and "item" in result[-1]:
                result[-1]["review"] = ACTION_CONFIRM in actions
        else:
            result.append(block)
    return result


def outline_items(shape: list[dict[str, Any]]) -> list[int]:
    return [entry["item"] for entry in shape if "item" in entry]


def render_outline(shape: list[dict[str, Any]], views: dict[int, ItemView]) -> list[dict[str, Any]]:
    """The message again from its outline; an item no longer stored is left out."""
    blocks: list[dict[str, Any]] = []
    for entry in shape:
        if "item" not in entry:
            blocks.append(entry)
        elif entry["item"] in views:
            blocks.extend(item_blocks(views[entry["item"]], review=entry["review"]))
    return blocks


def metadata(item_id: int, location: dict[str, Any], blocks: list[dict] | None) -> str:
    """JSON within Slack's limit: the full outline, else its items alone, else none
    (then only the edited item is redrawn)."""
    shape = outline(blocks)
    for candidate in (shape, [e for e in shape if "item" in e], []):
        text = json.dumps({"item_id": item_id, **location, "outline": candidate})
        if len(text) <= METADATA_LIMIT:
            return text
    return json.dumps({"item_id": item_id})


def read_metadata(text: str) -> dict[str, Any]:
    return json.loads(text or "{}")
