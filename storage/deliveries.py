"""Exactly-once sends: claim a unique key, send, record the Slack ts.

A claim is made in the same transaction as the decision to send (the reminder's
nudge count, the digest's week). If the process dies after the claim but before the
send, the claim's lease runs out and `take_over_expired` hands it to a retry; a
claim that already has its Slack ts is never sent again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models import Delivery
from storage.unique import insert_unique

DEFAULT_LEASE = timedelta(minutes=2)
MAX_SEND_ATTEMPTS = 8


def claim(
    session: Session,
    *,
    team_id: str,
    key: str,
    kind: str,
    target: str,
    subject: str,
    payload: dict[str, Any],
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    status: str = "claimed",
) -> Delivery | None:
    """Inserts the claim in the caller's transaction; None if the key was claimed before.

    `status="bundled"` records a key whose news went out inside another delivery (one
    DM for several slip alerts): never sent on its own, but never claimed again."""
    delivery = Delivery(
        team_id=team_id,
        kind=kind,
        target=target,
        subject=subject,
        idempotency_key=key,
        payload=payload,
        claimed_at=now,
        lease_until=now + lease if status == "claimed" else None,
        status=status,
    )
    return delivery if insert_unique(session, delivery) else None


def was_claimed(session: Session, *, team_id: str, key: str) -> bool:
    statement = select(Delivery.id).where(
        Delivery.team_id == team_id, Delivery.idempotency_key == key
    )
    return session.exec(statement).first() is not None


def renew_lease(
    session: Session, *, delivery: Delivery, start: datetime, lease: timedelta = DEFAULT_LEASE
) -> bool:
    """Extends this holder's claim; False when someone else took it over meanwhile."""
    result = session.execute(
        update(Delivery)
        .where(
            col(Delivery.id) == delivery.id,
            col(Delivery.status) == "claimed",
            col(Delivery.lease_until) == delivery.lease_until,
        )
        .values(lease_until=start + lease)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    delivery.lease_until = start + lease
    return True


def mark_sent(session: Session, *, delivery_id: int, slack_ts: str | None, now: datetime) -> None:
    session.execute(
        update(Delivery)
        .where(col(Delivery.id) == delivery_id)
        .values(status="sent", slack_ts=slack_ts, sent_at=now, lease_until=None, error=None)
    )
    session.commit()


def mark_attempt_failed(
    session: Session,
    *,
    delivery: Delivery,
    error: str,
    now: datetime,
    retry_in: timedelta,
    permanent: bool = False,
) -> str:
    """Leaves the claim to be retried after `retry_in`, or fails it after too many attempts.

    `permanent` errors (the channel is gone, the token revoked) fail at once.
    """
    status = "failed" if permanent or delivery.attempts + 1 >= MAX_SEND_ATTEMPTS else "claimed"
    session.execute(
        update(Delivery)
        .where(col(Delivery.id) == delivery.id)
        .values(status=status, error=error[:2000], lease_until=now + retry_in)
    )
    session.commit()
    return status


def take_over_expired(
    session: Session, *, now: datetime, lease: timedelta = DEFAULT_LEASE, limit: int = 50
) -> list[Delivery]:
    """Claims whose send never completed, re-leased to this process (compare-and-set).

    Each take-over counts as an attempt, and tells the sender to check whether the
    earlier attempt reached Slack before posting again.
    """
    statement = (
        select(Delivery)
        .where(col(Delivery.status) == "claimed", col(Delivery.lease_until) < now)
        .order_by(Delivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    taken = [d for d in list(session.exec(statement)) if _take_over(session, d, now, lease)]
    session.commit()
    return taken


def take_over_if_expired(
    session: Session, *, delivery: Delivery, now: datetime, lease: timedelta = DEFAULT_LEASE
) -> bool:
    """One claim, taken over like `take_over_expired` does, when its lease ran out."""
    expired = delivery.status == "claimed" and (
        delivery.lease_until is None or delivery.lease_until < now
    )
    taken = expired and _take_over(session, delivery, now, lease)
    session.commit()
    return taken


def _take_over(session: Session, delivery: Delivery, now: datetime, lease: timedelta) -> bool:
    """Compare-and-set on the lease, so two processes never both take one claim."""
    result = session.execute(
        update(Delivery)
        .where(
            col(Delivery.id) == delivery.id,
            col(Delivery.status) == "claimed",
            col(Delivery.lease_until) == delivery.lease_until,
        )
        .values(lease_until=now + lease, attempts=Delivery.attempts + 1)
    )
    if result.rowcount != 1:
        return False
    delivery.lease_until = now + lease
    return True


def fail_pending(session: Session, *, team_ids: list[str], error: str) -> int:
    """Sends still waiting for a workspace that lost the app: failed now, with the reason,
    so no retry ever reaches Slack with a revoked token."""
    if not team_ids:
        return 0
    result = session.execute(
        update(Delivery)
        .where(col(Delivery.team_id).in_(team_ids), col(Delivery.status) == "claimed")
        .values(status="failed", error=error, lease_until=None)
    )
    return result.rowcount


def find(session: Session, *, team_id: str, key: str) -> Delivery | None:
    statement = select(Delivery).where(Delivery.team_id == team_id, Delivery.idempotency_key == key)
    return session.exec(statement).first()


def sent_ts(session: Session, *, team_id: str, key: str) -> str | None:
    """The Slack ts of the message sent under `key`, once it was sent."""
    statement = select(Delivery.slack_ts).where(
        Delivery.team_id == team_id, Delivery.idempotency_key == key
    )
    return session.exec(statement).first()
