"""Shows the user, right after the ack, that their request was taken.

Runs as a Bolt lazy listener: after the HTTP response went back, so a slow or
rate-limited Slack call here can never delay the ack. Failure is harmless: the
reply itself comes from the job.

The job swaps :eyes: for its result when it ends (bot/work/progress.py), and a fast job
can end before this runs. Each side adds its own reaction before it looks at the
other's, so whatever the order, :eyes: does not outlive the job.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.work.progress import DONE, PROBLEM, STARTED

log = logging.getLogger(__name__)


def _finished(client: WebClient, channel: str, ts: str) -> bool:
    message = client.reactions_get(channel=channel, timestamp=ts).get("message") or {}
    return any(r.get("name") in (DONE, PROBLEM) for r in message.get("reactions") or [])


def add_eyes(client: WebClient, channel: str, ts: str) -> None:
    try:
        client.reactions_add(channel=channel, timestamp=ts, name=STARTED)
        if _finished(client, channel, ts):
            client.reactions_remove(channel=channel, timestamp=ts, name=STARTED)
    except SlackApiError as error:
        log.info("could not mark as started", extra={"error": error.response.get("error")})
