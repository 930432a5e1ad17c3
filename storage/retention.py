"""Deleting what exactly-once no longer needs, a bounded batch at a time.

Each function deletes at most `limit` rows in one statement and returns how many it
deleted, so the caller commits between batches and no transaction holds many locks.
What stays, whatever its age: a job that is not done (it may run again, or be
retried by hand), the newest job (SQLite would hand its id out again, and replies are
keyed by job id), a delivery that is not sent (a resend is still possible), a sent
reply of a job still kept (`jobs retry` could run it again), and every processed event
younger than the cutoff.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, cast, delete, exists, func, literal, or_
from sqlmodel import Session, col, select

from storage.models import Delivery, Job, ProcessedEvent

FINISHED_DELIVERIES = ("sent", "bundled")


def prune_jobs(session: Session, *, before: datetime, limit: int) -> int:
    newest = select(func.max(Job.id)).scalar_subquery()
    doomed = (
        select(Job.id)
        .where(col(Job.status) == "done", col(Job.finished_at) < before, col(Job.id) < newest)
        .limit(limit)
    )
    result = session.execute(delete(Job).where(col(Job.id).in_(doomed)))
    return result.rowcount


def prune_deliveries(session: Session, *, before: datetime, limit: int) -> int:
    job_key = literal("job:") + cast(Job.id, String)
    job_kept = exists().where(job_key == col(Delivery.subject))
    doomed = (
        select(Delivery.id)
        .where(
            col(Delivery.status).in_(FINISHED_DELIVERIES),
            or_(
                col(Delivery.sent_at) < before,
                col(Delivery.sent_at).is_(None) & (col(Delivery.claimed_at) < before),
            ),
            ~job_kept,
        )
        .limit(limit)
    )
    result = session.execute(delete(Delivery).where(col(Delivery.id).in_(doomed)))
    return result.rowcount


def prune_events(session: Session, *, before: datetime, limit: int) -> int:
    doomed = select(ProcessedEvent.id).where(col(ProcessedEvent.received_at) < before).limit(limit)
    result = session.execute(delete(ProcessedEvent).where(col(ProcessedEvent.id).in_(doomed)))
    return result.rowcount
