"""A file shared where the bot is: read as meeting notes, answered in the file's thread.

The file_shared event only names the file; its type, name and where it was shared come
from files.info, which is Slack I/O and so the job's business, not the listener's.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept


def register(app: App, deps: BotDeps) -> None:
    def accept_file(
        ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext
    ) -> None:
        if event.get("user_id") != context.bot_user_id:
            accept(
                deps,
                context,
                body,
                kind=job_kinds.FILE,
                payload={
                    "file_id": event["file_id"],
                    "channel": event.get("channel_id"),
                    "user": event.get("user_id"),
                },
                event_id=body.get("event_id"),
            )
        ack()

    app.event("file_shared")(ack=accept_file, lazy=[])
