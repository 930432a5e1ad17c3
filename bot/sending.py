"""The outbox's sender for Slack: posts a claimed delivery once, even across a crash.

The claim, the lease and the stamps are the domain's (`coordination/outbox/`); this
module knows Slack: message metadata carrying the key, looked up before a retry posts
again, blocks Slack refuses sent again as text, and which errors are for good.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.uploads import UploadDeferred, is_upload, upload
from bot.views.blockkit import fallback_text
from coordination.outbox import SendDeferred, SendRefused
from coordination.outbox.records import Delivery

log = logging.getLogger(__name__)

METADATA_EVENT = "followthrough_delivery"
REFUSED_PAYLOAD = frozenset(
    {"invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long", "no_text"}
)
"""Slack will never take this payload: answered at once with its plain-text fallback."""
PERMANENT_ERRORS = frozenset(
    {
        *REFUSED_PAYLOAD,
        "channel_not_found",
        "not_in_channel",
        "user_not_found",
        "user_disabled",
        "is_archived",
        "account_inactive",
        "cannot_dm_bot",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "messages_tab_disabled",
        "restricted_action",
    }
)
"""Trying again cannot help: the send fails at once, with the error as its reason."""


@dataclass(frozen=True)
class Message:
    """A message ready to post; `channel` may be a user id for a DM."""

    channel: str
    text: str
    blocks: list[dict[str, Any]] | None = None
    thread_ts: str | None = None

    def as_payload(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "text": fallback_text(self.text),
            "blocks": self.blocks,
            "thread_ts": self.thread_ts,
        }


Clients = WebClient | Callable[[str], WebClient]
"""One client for a single workspace, or a lookup by team id when workspaces install
the app through OAuth (bot/oauth.InstalledClients)."""


def client_for_team(clients: Clients, team_id: str) -> WebClient:
    return clients if isinstance(clients, WebClient) else clients(team_id)


def _channel_for(client: WebClient, target: str) -> str:
    """DMs go to the IM channel, so a retry can look for the first attempt in its history."""
    if target.startswith(("U", "W")):
        return client.conversations_open(users=target)["channel"]["id"]
    return target


def _messages_since(
    client: WebClient, channel: str, thread_ts: str | None, since: datetime
) -> Iterator[dict]:
    """Every message since the first attempt, page by page: a thread's replies for a
    reply (channel history does not list them), else the channel's history."""
    read = client.conversations_replies if thread_ts else client.conversations_history
    where = {"channel": channel, **({"ts": thread_ts} if thread_ts else {})}
    cursor = None
    while True:
        page = read(
            **where,
            oldest=f"{since.timestamp() - 60:.6f}",
            include_all_metadata=True,
            limit=200,
            cursor=cursor,
        )
        yield from page.get("messages", [])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


def _already_posted(client: WebClient, channel: str, delivery: Delivery) -> str | None:
    """Finds a message this key already produced (the crash-after-send case)."""
    try:
        for message in _messages_since(
            client, channel, delivery.payload.get("thread_ts"), delivery.claimed_at
        ):
            metadata = message.get("metadata") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT
                and metadata.get("event_payload", {}).get("key") == delivery.idempotency_key
            ):
                return message.get("ts")
    except SlackApiError:
        return None
    return None


def error_code(error: SlackApiError) -> str:
    return (error.response.get("error") or "") if error.response is not None else ""


def _post(client: WebClient, delivery: Delivery) -> str:
    """Posts the payload; one Slack refuses as a payload is posted again as its text
    alone, so the reader gets the answer in plain words rather than nothing."""
    payload = delivery.payload
    channel = _channel_for(client, payload["channel"])
    if delivery.attempts > 0 and (ts := _already_posted(client, channel, delivery)):
        return ts
    message = {
        "channel": channel,
        "text": fallback_text(payload["text"]),
        "thread_ts": payload.get("thread_ts"),
        "metadata": {
            "event_type": METADATA_EVENT,
            "event_payload": {"key": delivery.idempotency_key},
        },
        "unfurl_links": False,
        "unfurl_media": False,
    }
    try:
        return client.chat_postMessage(**message, blocks=payload.get("blocks"))["ts"]
    except SlackApiError as error:
        if error_code(error) not in REFUSED_PAYLOAD or not payload.get("blocks"):
            raise
        log.warning(
            "blocks refused, sent as text",
            extra={"key": delivery.idempotency_key, "error": error_code(error)},
        )
    return client.chat_postMessage(**message)["ts"]


def _retry_after(error: SlackApiError) -> timedelta:
    header = error.response.headers.get("Retry-After") or error.response.headers.get("retry-after")
    return timedelta(seconds=int(header[0] if isinstance(header, list) else header or 30))


def _refused_or_deferred(error: SlackApiError) -> SendRefused | SendDeferred:
    """What went wrong, and whether trying again (and when) can help."""
    code = error_code(error)
    if code in PERMANENT_ERRORS:
        return SendRefused(code)
    if error.response is not None and error.response.status_code == 429:
        return SendDeferred(code or "ratelimited", _retry_after(error))
    return SendDeferred(code or str(error), timedelta(minutes=1))


@dataclass(frozen=True)
class WebApiSender:
    """The outbox's `Sender` over slack_sdk: posts a message (or uploads a file) and
    says which failures Slack will never get over."""

    engine: Engine
    clients: Clients

    def send(self, delivery: Delivery) -> str:
        try:
            client = client_for_team(self.clients, delivery.team_id)
            if is_upload(delivery):
                return upload(self.engine, client, delivery)
            return _post(client, delivery)
        except UploadDeferred as error:
            raise SendDeferred(str(error), timedelta(minutes=1)) from error
        except LookupError as error:  # no token: the workspace never installed or uninstalled
            raise SendRefused(str(error)) from error
        except SlackApiError as error:
            raise _refused_or_deferred(error) from error
        except OSError as error:  # Slack unreachable after the retry handlers gave up
            raise SendDeferred(f"unreachable: {error}", timedelta(minutes=1)) from error
