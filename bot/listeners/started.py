"""Shows the user, right after the ack, that their request was taken.

Runs as a Bolt lazy listener: after the HTTP response went back, so a slow or
rate-limited Slack call here can never delay the ack. Failure is harmless: the
reply itself comes from the job.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger(__name__)


def add_eyes(client: WebClient, channel: str, ts: str) -> None:
    try:
        client.reactions_add(channel=channel, timestamp=ts, name="eyes")
    except SlackApiError as error:
        log.info("could not mark as started", extra={"error": error.response.get("error")})
