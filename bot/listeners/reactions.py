"""A :white_check_mark: on an item's message marks that item done."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept

DONE_REACTION = "white_check_mark"


def register(app: App, deps: BotDeps) -> None:
    def accept_reaction(
        ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext
    ) -> None:
        item = event.get("item") or {}
        if event.get("reaction") == DONE_REACTION and item.get("type") == "message":
            accept(
                deps,
                context,
                body,
                kind=job_kinds.REACTION,
                payload={"channel": item["channel"], "ts": item["ts"], "user": event["user"]},
                event_id=body.get("event_id"),
            )
        ack()

    app.event("reaction_added")(ack=accept_reaction, lazy=[])
