"""`/followthrough`: usage answers at once; everything that reads data runs as a job."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept
from bot.listeners.command_text import parse_command
from bot.views.help import COMMAND_USAGE

COMMAND = "/followthrough"


def register(app: App, deps: BotDeps) -> None:
    def accept_command(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        parsed = parse_command(body.get("text", ""))
        if parsed.name in (None, "help"):
            ack(response_type="ephemeral", text=f"{parsed.problem}\n{COMMAND_USAGE}".strip())
            return
        accept(
            deps,
            context,
            body,
            kind=job_kinds.COMMAND,
            payload={
                "name": parsed.name,
                "args": parsed.args,
                "user": body["user_id"],
                "channel": body.get("channel_id"),
                "response_url": body["response_url"],
            },
            dedupe_key=f"command:{body.get('trigger_id')}",
        )
        ack(response_type="ephemeral", text=f":hourglass_flowing_sand: Working on `{parsed.name}`…")

    app.command(COMMAND)(ack=accept_command, lazy=[])
