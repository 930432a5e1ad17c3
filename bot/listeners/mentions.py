"""@Followthrough in a channel: extract a thread or pasted notes, or answer help/status."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept
from bot.listeners.started import show_started

MENTION = re.compile(r"<@[UW][A-Z0-9]+(?:\|[^>]*)?>")
SHORT_REQUEST = 80


def classify(text: str, in_thread: bool) -> tuple[str, str]:
    """(job kind, the text after the bot's mention). A short line in a thread is a
    request about the thread; anything longer is notes pasted in the mention."""
    rest = MENTION.sub("", text, count=1).strip()
    word = rest.split(maxsplit=1)[0].lower() if rest else ""
    if word == "help" or (not rest and not in_thread):
        return job_kinds.MENTION_HELP, rest
    if word == "status":
        return job_kinds.MENTION_STATUS, rest[len(word) :].strip()
    if in_thread and "\n" not in rest and len(rest) < SHORT_REQUEST:
        return job_kinds.THREAD, rest
    return job_kinds.NOTES, rest


def _payload(event: dict[str, Any], text: str) -> dict[str, Any]:
    return {
        "channel": event["channel"],
        "ts": event["ts"],
        "thread_ts": event.get("thread_ts") or event["ts"],
        "user": event.get("user"),
        "text": text,
    }


def register(app: App, deps: BotDeps) -> None:
    def accept_mention(
        ack: Ack,
        body: dict[str, Any],
        event: dict[str, Any],
        context: BoltContext,
        client: WebClient,
    ) -> None:
        kind, text = classify(event.get("text", ""), "thread_ts" in event)
        payload = _payload(event, text)
        accepted = accept(
            deps, context, body, kind=kind, payload=payload, event_id=body.get("event_id")
        )
        if accepted:
            show_started(deps, client, kind, payload["channel"], payload["ts"])
        ack()

    app.event("app_mention")(ack=accept_mention, lazy=[])
