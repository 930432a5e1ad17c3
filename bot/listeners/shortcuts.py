"""Message shortcut "Extract follow-ups": the same as a mention on that message's thread."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept
from bot.listeners.started import show_started

CALLBACK_ID = "extract_followups"


def _payload(body: dict[str, Any]) -> dict[str, Any]:
    message = body.get("message") or {}
    return {
        "channel": body["channel"]["id"],
        "ts": message.get("ts"),
        "thread_ts": message.get("thread_ts") or message.get("ts"),
        "user": body["user"]["id"],
        "text": "",
        "response_url": body.get("response_url"),
    }


def register(app: App, deps: BotDeps) -> None:
    def accept_shortcut(
        ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
    ) -> None:
        payload = _payload(body)
        accepted = accept(
            deps,
            context,
            body,
            kind=job_kinds.THREAD,
            payload=payload,
            dedupe_key=f"shortcut:{body.get('trigger_id')}",
        )
        if accepted:
            show_started(deps, client, job_kinds.THREAD, payload["channel"], payload["ts"])
        ack()

    app.shortcut(CALLBACK_ID)(ack=accept_shortcut, lazy=[])
