"""The one claim -> send -> stamp path, for every kind of message.

Claims are made in the caller's transaction (`claim`) or in one of their own together
with the decision's stamp (`claim_stamped`): both or neither. Sending renews the lease
first, so a claim another replica took over meanwhile is that replica's to send.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from coordination.clock import Clock
from coordination.outbox.records import Outgoing, SendOutcome
from coordination.outbox.sender import SendDeferred, Sender, SendRefused
from coordination.worker import ensure_lease_held
from storage import deliveries
from storage.db import session_scope
from storage.models import Delivery

log = logging.getLogger(__name__)

Stamp = Callable[[Session], None]


def claim(
    session: Session, *, team_id: str, outgoing: Outgoing, now: datetime, bundled: bool = False
) -> Delivery | None:
    """The claim, in the caller's transaction; None if the key was claimed before.

    `bundled` records a key whose news goes out inside another delivery (one DM for
    several slip alerts): never sent on its own, never claimed again."""
    return deliveries.claim(
        session,
        team_id=team_id,
        key=outgoing.key,
        kind=outgoing.kind,
        target=outgoing.target,
        subject=outgoing.subject,
        payload=outgoing.payload,
        now=now,
        status="bundled" if bundled else "claimed",
    )


def claim_stamped(
    engine: Engine, *, team_id: str, outgoing: Outgoing, now: datetime, stamp: Stamp
) -> Delivery | None:
    """The claim and what the decision changes (items' nudge counts…) in one
    transaction, so a replica that loses the claim stamps nothing."""
    with session_scope(engine) as session:
        delivery = claim(session, team_id=team_id, outgoing=outgoing, now=now)
        if delivery is not None:
            stamp(session)
        return delivery


def was_claimed(session: Session, *, team_id: str, key: str) -> bool:
    return deliveries.was_claimed(session, team_id=team_id, key=key)


def _failed(
    engine: Engine,
    delivery: Delivery,
    now: datetime,
    error: str,
    retry_in: timedelta,
    permanent: bool,
) -> SendOutcome:
    with session_scope(engine) as session:
        status = deliveries.mark_attempt_failed(
            session, delivery=delivery, error=error, now=now, retry_in=retry_in, permanent=permanent
        )
    log.warning("send failed", extra={"key": delivery.idempotency_key, "error": error})
    return SendOutcome("retry" if status == "claimed" else "failed", error=error)


def deliver(engine: Engine, sender: Sender, delivery: Delivery, *, clock: Clock) -> SendOutcome:
    """Sends a claimed delivery and stamps its ts; failures leave it to a later retry.

    The lease is renewed (compare-and-set) right before the send, from the clock as it
    reads then: a claim that waited in a long sweep past its lease may have been taken
    over by another replica. The outcome is stamped when it is known, after a send that
    may itself have been slow. A job that lost its own lease sends nothing: its next
    holder will.
    """
    ensure_lease_held()
    with session_scope(engine) as session:
        still_ours = deliveries.renew_lease(session, delivery=delivery, start=clock())
    if not still_ours:
        return SendOutcome("duplicate")
    try:
        ts = sender.send(delivery)
    except SendDeferred as error:
        return _failed(engine, delivery, clock(), str(error), error.retry_in, permanent=False)
    except SendRefused as error:
        return _failed(engine, delivery, clock(), str(error), timedelta(0), permanent=True)
    with session_scope(engine) as session:
        deliveries.mark_sent(session, delivery_id=delivery.id, slack_ts=ts, now=clock())
    return SendOutcome("sent", ts=ts)


def send_claimed(
    engine: Engine, sender: Sender, claimed: Iterable[Delivery], *, clock: Clock
) -> list[SendOutcome]:
    return [deliver(engine, sender, delivery, clock=clock) for delivery in claimed]


def send_once(
    engine: Engine, sender: Sender, *, team_id: str, outgoing: Outgoing, clock: Clock
) -> SendOutcome:
    """Claims the key and sends; a key claimed before (by any process) is not sent again."""
    ensure_lease_held()
    with session_scope(engine) as session:
        delivery = claim(session, team_id=team_id, outgoing=outgoing, now=clock())
    if delivery is None:
        return SendOutcome("duplicate")
    return deliver(engine, sender, delivery, clock=clock)


def redeliver_expired(engine: Engine, sender: Sender, *, clock: Clock) -> list[SendOutcome]:
    """Finishes sends whose process died between claim and send, or that Slack deferred."""
    with session_scope(engine) as session:
        pending = deliveries.take_over_expired(session, now=clock())
    return send_claimed(engine, sender, pending, clock=clock)


def resume(engine: Engine, sender: Sender, *, team_id: str, key: str, clock: Clock) -> SendOutcome:
    """What became of a key claimed before (by an earlier run of the same job, or by
    another replica): sent, failed, or still to send, which this caller finishes if the
    claim's lease ran out, and otherwise leaves to its holder (`retry`)."""
    with session_scope(engine) as session:
        delivery = deliveries.find(session, team_id=team_id, key=key)
        if delivery is None or delivery.status == "sent":
            return SendOutcome("sent", ts=delivery.slack_ts if delivery else None)
        if delivery.status == "failed":
            return SendOutcome("failed", error=delivery.error)
        taken = deliveries.take_over_if_expired(session, delivery=delivery, now=clock())
    if not taken:
        return SendOutcome("retry")
    return deliver(engine, sender, delivery, clock=clock)


def settle_at_most_once(
    engine: Engine, *, delivery_id: int, now: datetime, ts: str | None, error: str | None
) -> None:
    """Records how a send Slack keeps no copy of ended (a response_url answer, an
    ephemeral message): sent, or failed for good, since a retry could not tell whether
    the first attempt landed."""
    with session_scope(engine) as session:
        if error is None:
            deliveries.mark_sent(session, delivery_id=delivery_id, slack_ts=ts, now=now)
            return
        deliveries.mark_attempt_failed(
            session,
            delivery=session.get_one(Delivery, delivery_id),
            error=error,
            now=now,
            retry_in=timedelta(0),
            permanent=True,
        )


def sent_ts(session: Session, *, team_id: str, key: str) -> str | None:
    """The Slack ts of what was sent under `key`, once it was (a file's thread needs it)."""
    return deliveries.sent_ts(session, team_id=team_id, key=key)


def fail_pending(session: Session, *, team_ids: list[str], error: str) -> int:
    """Sends still waiting for workspaces that lost the app: failed now, with the reason,
    so no retry ever reaches Slack with a revoked token."""
    return deliveries.fail_pending(session, team_ids=team_ids, error=error)
