"""App Home: rebuilt by a job each time the user opens the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept


def register(app: App, deps: BotDeps) -> None:
    def accept_home_opened(
        ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext
    ) -> None:
        if event.get("tab", "home") == "home":
            accept(
                deps,
                context,
                body,
                kind=job_kinds.HOME,
                payload={"user": event["user"]},
                event_id=body.get("event_id"),
            )
        ack()

    app.event("app_home_opened")(ack=accept_home_opened, lazy=[])
