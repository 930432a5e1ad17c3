"""Retention: finished work older than the configured age is deleted, in batches.

Jobs, deliveries and processed events are what makes work exactly-once; they are
only deleted once nothing could ask for them again (storage/retention.py says which
rows stay whatever their age). The age has a floor: a weekly digest's key must outlive
its week, and Slack retries an event for about an hour.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from coordination.errors import UserError
from storage import retention

log = logging.getLogger(__name__)

MIN_RETENTION = timedelta(days=7)
DEFAULT_BATCH = 1000


@dataclass(frozen=True)
class Pruned:
    jobs: int
    deliveries: int
    events: int


def check_retention(older_than: timedelta) -> None:
    if older_than < MIN_RETENTION:
        raise UserError(
            f"keep at least {MIN_RETENTION.days} days: a weekly digest's key must outlive "
            "its week, or it could be posted twice."
        )


def _in_batches(engine: Engine, prune: Callable[..., int], *, before: datetime, batch: int) -> int:
    """One short transaction per batch, until a batch comes back short."""
    total = 0
    while True:
        with Session(engine) as session:
            deleted = prune(session, before=before, limit=batch)
            session.commit()
        total += deleted
        if deleted < batch:
            return total


def prune_finished(
    engine: Engine, *, now: datetime, older_than: timedelta, batch: int = DEFAULT_BATCH
) -> Pruned:
    check_retention(older_than)
    before = now - older_than
    pruned = Pruned(
        jobs=_in_batches(engine, retention.prune_jobs, before=before, batch=batch),
        deliveries=_in_batches(engine, retention.prune_deliveries, before=before, batch=batch),
        events=_in_batches(engine, retention.prune_events, before=before, batch=batch),
    )
    log.info(
        "pruned",
        extra={"jobs": pruned.jobs, "deliveries": pruned.deliveries, "events": pruned.events},
    )
    return pruned
