"""Edit opens a modal; its submission edits the item and redraws the message in place.

Same harness as test_bot_app.py: the real app over HTTP, signed requests, fake Web API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from storage.db import session_scope
from storage.items import get_item, item_history
from storage.models import ActionItem
from storage.programs import add_project
from tests.test_bot_app import WEDNESDAY, Bot, _item_message, start_bot


@pytest.fixture
def bot(sqlite_url: str) -> Iterator[Bot]:
    yield from start_bot(sqlite_url)


def _stored(bot: Bot, item_id: int) -> ActionItem:
    with session_scope(bot.runtime.deps.engine) as session:
        item = get_item(session, team_id="T1", item_id=item_id)
        assert item is not None
        return item


def _history(bot: Bot, item_id: int) -> list[tuple[str, str | None, str | None]]:
    with session_scope(bot.runtime.deps.engine) as session:
        rows = item_history(session, team_id="T1", item_id=item_id)
        return [(r.field, r.old_value, r.new_value) for r in rows if r.field != "created"]


def _projects(bot: Bot, item_id: int) -> dict[str, int]:
    """Two projects in the item's program; the item starts in 'Launch'."""
    with session_scope(bot.runtime.deps.engine) as session:
        item = get_item(session, team_id="T1", item_id=item_id)
        assert item is not None
        ids = {
            name: add_project(
                session, team_id="T1", program_id=item.program_id, name=name, now=WEDNESDAY
            ).id
            for name in ("Launch", "Website")
        }
        item.project_id = ids["Launch"]
        session.add(item)
    return ids


def _click_edit(bot: Bot, reply: dict, item_id: int) -> dict[str, Any]:
    status, _ = bot.sender.interaction(
        {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": "UANA"},
            "trigger_id": "trigger-1",
            "container": {"type": "message", "channel_id": "C1", "message_ts": reply["ts"]},
            "message": {"blocks": reply["blocks"]},
            "response_url": f"{bot.slack.url}/response/9",
            "actions": [
                {
                    "type": "button",
                    "action_id": "item_edit",
                    "value": str(item_id),
                    "block_id": f"item:{item_id}",
                    "action_ts": "5.1",
                }
            ],
        }
    )
    assert status == 200
    [opened] = bot.slack.called("views.open")
    assert opened["trigger_id"] == "trigger-1"
    return opened["view"]


def _element(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b["block_id"] == block_id)["element"]


def _submit(
    bot: Bot, view: dict[str, Any], *, task: str, due: str, project: int, view_id: str = "V1"
) -> tuple[int, str]:
    values = {
        "edit_task": {"edit_task": {"type": "plain_text_input", "value": task}},
        "edit_owner": {"edit_owner": {"type": "users_select", "selected_user": "UBEN"}},
        "edit_due": {"edit_due": {"type": "datepicker", "selected_date": due}},
        "edit_project": {
            "edit_project": {
                "type": "static_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": "x"},
                    "value": str(project),
                },
            }
        },
    }
    return bot.sender.interaction(
        {
            "type": "view_submission",
            "team": {"id": "T1"},
            "user": {"id": "UANA", "team_id": "T1"},
            "view": {
                "id": view_id,
                "type": "modal",
                "callback_id": view["callback_id"],
                "private_metadata": view["private_metadata"],
                "state": {"values": values},
            },
        }
    )


def test_edit_opens_a_modal_filled_with_the_item(bot: Bot) -> None:
    reply, item_id = _item_message(bot)
    projects = _projects(bot, item_id)
    view = _click_edit(bot, reply, item_id)
    assert bot.work() == 0  # opening the modal is not a job and changes nothing
    assert not bot.slack.called("chat.update")
    item = _stored(bot, item_id)
    assert view["type"] == "modal" and view["callback_id"] == "item_edit_modal"
    assert _element(view, "edit_task")["initial_value"] == item.task
    assert _element(view, "edit_owner")["initial_user"] == "UANA"
    assert _element(view, "edit_due")["initial_date"] == "2026-12-04"
    project = _element(view, "edit_project")
    assert project["initial_option"]["value"] == str(projects["Launch"])
    assert [o["text"]["text"] for o in project["options"]] == ["No project", "Launch", "Website"]
    assert json.loads(view["private_metadata"])["item_id"] == item_id


def test_submission_edits_every_field_with_history_and_redraws_the_message(bot: Bot) -> None:
    reply, item_id = _item_message(bot)
    projects = _projects(bot, item_id)
    view = _click_edit(bot, reply, item_id)
    form = {"task": "Send the revised launch plan", "due": "2026-12-11"}
    status, body = _submit(bot, view, **form, project=projects["Website"])
    assert status == 200 and not body  # a plain ack closes the modal
    assert _submit(bot, view, **form, project=projects["Website"])[0] == 200  # delivered twice
    assert bot.work() == 1

    item = _stored(bot, item_id)
    assert item.task == "Send the revised launch plan"
    assert item.due_date == date(2026, 12, 11) and item.project_id == projects["Website"]
    assert item.owner_names == ["Ben"]
    changed = {field: (old, new) for field, old, new in _history(bot, item_id)}
    assert changed["task"][1] == "Send the revised launch plan"
    assert changed["due_date"] == ("2026-12-04", "2026-12-11")
    assert changed["project"] == (str(projects["Launch"]), str(projects["Website"]))
    assert "owner" in changed

    [update] = bot.slack.called("chat.update")
    assert update["channel"] == "C1" and update["ts"] == reply["ts"]
    redrawn = json.dumps(update["blocks"])
    assert "Send the revised launch plan" in redrawn and "<@UBEN>" in update["text"]
    assert update["blocks"][0] == reply["blocks"][0]  # the summary's header is kept
    assert "pricing page" in redrawn  # and so is the other item, with its review buttons
    actions = {b["block_id"]: b for b in update["blocks"] if b["type"] == "actions"}
    assert "item_done" in json.dumps(actions.pop(f"item:{item_id}"))
    assert all("item_confirm" in json.dumps(b) for b in actions.values())

    history_before = _history(bot, item_id)
    _submit(bot, view, **form, project=projects["Website"], view_id="V2")  # nothing differs
    bot.work()
    assert _history(bot, item_id) == history_before


@pytest.mark.parametrize(
    ("task", "due", "field"), [("   ", "2026-12-11", "edit_task"), ("Ship", "soon", "edit_due")]
)
def test_bad_input_gets_a_field_error_and_changes_nothing(
    bot: Bot, task: str, due: str, field: str
) -> None:
    reply, item_id = _item_message(bot)
    projects = _projects(bot, item_id)
    view = _click_edit(bot, reply, item_id)
    before = _stored(bot, item_id)
    status, body = _submit(bot, view, task=task, due=due, project=projects["Website"])
    answer = json.loads(body)
    assert status == 200 and answer["response_action"] == "errors"
    assert list(answer["errors"]) == [field]
    assert bot.work() == 0
    after = _stored(bot, item_id)
    assert (after.task, after.due_date, after.project_id) == (
        before.task,
        before.due_date,
        before.project_id,
    )
    assert _history(bot, item_id) == []
