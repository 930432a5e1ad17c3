"""Sending through the delivery table, so each message reaches Slack exactly once."""

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
from coordination.clock import Clock
from coordination.worker import ensure_lease_held
from storage import deliveries
from storage.db import session_scope
from storage.models import Delivery

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


@dataclass(frozen=True)
class SendOutcome:
    status: str  # sent | duplicate | retry | failed
    ts: str | None = None
    error: str | None = None


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


def _failure(error: SlackApiError) -> tuple[str, timedelta, bool]:
    """What went wrong, when to try again, and whether trying again can help."""
    code = error_code(error)
    if code in PERMANENT_ERRORS:
        return code, timedelta(0), True
    if error.response is not None and error.response.status_code == 429:
        return code or "ratelimited", _retry_after(error), False
    return code or str(error), timedelta(minutes=1), False


def _record_failure(
    engine: Engine, delivery: Delivery, now: datetime, failure: tuple[str, timedelta, bool]
) -> SendOutcome:
    error, retry_in, permanent = failure
    with session_scope(engine) as session:
        status = deliveries.mark_attempt_failed(
            session, delivery=delivery, error=error, now=now, retry_in=retry_in, permanent=permanent
        )
    log.warning("send failed", extra={"key": delivery.idempotency_key, "error": error})
    return SendOutcome("retry" if status == "claimed" else "failed", error=error)


def deliver(engine: Engine, clients: Clients, delivery: Delivery, *, clock: Clock) -> SendOutcome:
    """Posts a claimed delivery (or uploads its file) and records its ts (a file's id);
    failures leave it to a later retry.

    The lease is renewed (compare-and-set) right before the post, from the clock as it
    reads then: a claim that waited in a long sweep past its lease may have been taken
    over by another replica, and then it is that replica's to send. The outcome is
    stamped when it is known, after a post that may itself have been slow. A job that
    lost its own lease sends nothing: its next holder will.
    """
    ensure_lease_held()
    with session_scope(engine) as session:
        still_ours = deliveries.renew_lease(session, delivery=delivery, start=clock())
    if not still_ours:
        return SendOutcome("duplicate")
    try:
        client = client_for_team(clients, delivery.team_id)
        ts = upload(engine, client, delivery) if is_upload(delivery) else _post(client, delivery)
    except UploadDeferred as error:
        return _record_failure(engine, delivery, clock(), (str(error), timedelta(minutes=1), False))
    except LookupError as error:  # no token: the workspace never installed or uninstalled
        return _record_failure(engine, delivery, clock(), (str(error), timedelta(0), True))
    except SlackApiError as error:
        return _record_failure(engine, delivery, clock(), _failure(error))
    except OSError as error:  # Slack unreachable after the retry handlers gave up
        return _record_failure(
            engine, delivery, clock(), (f"unreachable: {error}", timedelta(minutes=1), False)
        )
    with session_scope(engine) as session:
        deliveries.mark_sent(session, delivery_id=delivery.id, slack_ts=ts, now=clock())
    return SendOutcome("sent", ts=ts)


def send_once(
    engine: Engine,
    clients: Clients,
    *,
    team_id: str,
    key: str,
    kind: str,
    subject: str,
    message: Message,
    clock: Clock,
) -> SendOutcome:
    """Claims `key` and sends; a key claimed before (by any process) is not sent again."""
    ensure_lease_held()
    with session_scope(engine) as session:
        delivery = deliveries.claim(
            session,
            team_id=team_id,
            key=key,
            kind=kind,
            target=message.channel,
            subject=subject,
            payload=message.as_payload(),
            now=clock(),
        )
    if delivery is None:
        return SendOutcome("duplicate")
    return deliver(engine, clients, delivery, clock=clock)


def redeliver_expired(engine: Engine, clients: Clients, *, clock: Clock) -> list[SendOutcome]:
    """Finishes sends whose process died between claim and send, or that Slack refused for now."""
    with session_scope(engine) as session:
        pending = deliveries.take_over_expired(session, now=clock())
    return [deliver(engine, clients, delivery, clock=clock) for delivery in pending]
