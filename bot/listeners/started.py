"""Shows the user, right after the ack, that their request was taken.

Runs in `deps.after_ack`'s threads, started by the listener once the work is written
down, so a slow or rate-limited Slack call here can never delay the ack, and a
re-delivery or a request that failed to be recorded gets none. Not a Bolt lazy
listener: Bolt deep-copies the whole request for each one before the ack returns
(a twentieth of the web process's CPU per mention), and runs it whatever the ack did.
Failure is harmless: the reply itself comes from the job.

The job swaps :eyes: for its result when it ends (bot/work/progress.py), and a fast job
can end before this runs. Each side adds its own reaction before it looks at the
other's, so whatever the order, :eyes: does not outlive the job.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import BotDeps
from bot.work.progress import DONE, MARKED_KINDS, PROBLEM, STARTED

log = logging.getLogger(__name__)


def _finished(client: WebClient, channel: str, ts: str) -> bool:
    message = client.reactions_get(channel=channel, timestamp=ts).get("message") or {}
    return any(r.get("name") in (DONE, PROBLEM) for r in message.get("reactions") or [])


def show_started(deps: BotDeps, client: WebClient, kind: str, channel: str, ts: str | None) -> None:
    """Called for new work only: the :eyes: on the message a thread or notes job reads."""
    if kind in MARKED_KINDS and ts:
        deps.after_ack.submit(add_eyes, client, channel, ts)


def add_eyes(client: WebClient, channel: str, ts: str) -> None:
    try:
        client.reactions_add(channel=channel, timestamp=ts, name=STARTED)
        if _finished(client, channel, ts):
            client.reactions_remove(channel=channel, timestamp=ts, name=STARTED)
    except SlackApiError as error:
        log.info("could not mark as started", extra={"error": error.response.get("error")})
