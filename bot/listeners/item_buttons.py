"""Done, Snooze, Reassign, New due date, Not an action item, Confirm, Edit.

Clicks carry no event id; a double delivery of the same click has the same action_ts,
and the item actions themselves are idempotent on their outcome. Edit changes nothing:
it opens the modal in bot/listeners/item_edit.py before the ack.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept, team_of
from bot.listeners.item_edit import open_editor
from bot.views.items import ACTION_EDIT, ITEM_ACTIONS, item_id_from_block

ACTION_PATTERN = re.compile("^(" + "|".join(ITEM_ACTIONS) + ")$")


def _chosen(action: dict[str, Any]) -> str | None:
    return action.get("value") or action.get("selected_user") or action.get("selected_date")


def _item_id(action: dict[str, Any]) -> int | None:
    if action.get("type") == "button" and str(action.get("value", "")).isdigit():
        return int(action["value"])
    return item_id_from_block(action.get("block_id", ""))


def _payload(body: dict[str, Any], action: dict[str, Any]) -> dict[str, Any]:
    container = body.get("container") or {}
    return {
        "action_id": action["action_id"],
        "item_id": _item_id(action),
        "value": _chosen(action),
        "user": body["user"]["id"],
        "container": container.get("type"),
        "channel": container.get("channel_id") or (body.get("channel") or {}).get("id"),
        "message_ts": container.get("message_ts"),
        "blocks": (body.get("message") or {}).get("blocks"),
        "response_url": body.get("response_url"),
    }


def register(app: App, deps: BotDeps) -> None:
    def accept_click(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient
    ) -> None:
        known_item = _item_id(action) is not None
        if known_item and action["action_id"] == ACTION_EDIT:
            open_editor(deps, client, body, _payload(body, action))
        elif known_item:
            accept(
                deps,
                team_id=team_of(body),
                kind=job_kinds.ITEM_ACTION,
                payload=_payload(body, action),
                dedupe_key=f"action:{action.get('action_ts')}:{body['user']['id']}",
            )
        ack()

    app.action(ACTION_PATTERN)(ack=accept_click, lazy=[])
