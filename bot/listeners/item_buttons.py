"""Done, Confirm and the overflow menu's choices (Snooze, Edit, Not an action item).

Clicks carry no event id; a double delivery of the same click has the same action_ts,
and the item actions themselves are idempotent on their outcome. Edit changes nothing:
it opens the modal in bot/listeners/item_edit.py before the ack. A click in an
ephemeral message (a slash command's answer) says so in its container; its message
can only be redrawn through the response_url, never with chat.update.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept
from bot.listeners.item_edit import open_editor
from bot.views.items import ACTION_EDIT, ITEM_ACTIONS, chosen, tag_of_block

ACTION_PATTERN = re.compile("^(" + "|".join(ITEM_ACTIONS) + ")$")


def _payload(body: dict[str, Any], action: dict[str, Any]) -> dict[str, Any]:
    container = body.get("container") or {}
    action_id, item_id, value = chosen(action)
    return {
        "action_id": action_id,
        "item_id": item_id,
        "value": value,
        "user": body["user"]["id"],
        "container": container.get("type"),
        "ephemeral": bool(container.get("is_ephemeral")),
        "list": tag_of_block(action.get("block_id", "")),
        "channel": container.get("channel_id") or (body.get("channel") or {}).get("id"),
        "message_ts": container.get("message_ts"),
        "blocks": (body.get("message") or {}).get("blocks"),
        "response_url": body.get("response_url"),
    }


def register(app: App, deps: BotDeps) -> None:
    def accept_click(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        click = _payload(body, action)
        if click["item_id"] is not None and click["action_id"] == ACTION_EDIT:
            open_editor(deps, client, body, click)
        elif click["item_id"] is not None:
            accept(
                deps,
                context,
                body,
                kind=job_kinds.ITEM_ACTION,
                payload=click,
                dedupe_key=f"action:{action.get('action_ts')}:{body['user']['id']}",
            )
        ack()

    app.action(ACTION_PATTERN)(ack=accept_click, lazy=[])
