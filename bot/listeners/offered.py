"""Track on an 'also mentioned' line: written down as a job before the ack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept
from bot.views.offered import ACTION_TRACK


def register(app: App, deps: BotDeps) -> None:
    def track(ack: Ack, body: dict[str, Any], action: dict[str, Any], context: BoltContext) -> None:
        container = body.get("container") or {}
        accept(
            deps,
            context,
            body,
            kind=job_kinds.TRACK_OFFERED,
            payload={
                "value": action.get("value", ""),
                "user": body["user"]["id"],
                "channel": container.get("channel_id") or (body.get("channel") or {}).get("id"),
                "thread_ts": container.get("thread_ts") or container.get("message_ts"),
            },
            dedupe_key=f"track:{action.get('action_ts')}:{body['user']['id']}",
        )
        ack()

    app.action(ACTION_TRACK)(ack=track, lazy=[])
