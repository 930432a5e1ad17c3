"""The durable job queue: enqueue with the event, claim under a lease, finish or back off.

PostgreSQL claims with `FOR UPDATE SKIP LOCKED` so replicas never wait on each other;
SQLite ignores that clause, so every claim is also a compare-and-set UPDATE whose row
count says whether this worker won.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from storage.models import Job
from storage.unique import insert_new_key

BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=10)


def enqueue(
    session: Session,
    *,
    team_id: str,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    dedupe_key: str | None = None,
    max_attempts: int = 5,
) -> int | None:
    """Adds a job in the caller's transaction and returns its id; None if a job with
    that key already exists."""
    values = {
        "team_id": team_id,
        "kind": kind,
        "payload": payload,
        "dedupe_key": dedupe_key,
        "max_attempts": max_attempts,
        "run_after": now,
        "created_at": now,
    }
    return insert_new_key(session, Job.__table__, values)


def _claimable(now: datetime):  # type: ignore[no-untyped-def]
    queued = (col(Job.status) == "queued") & (col(Job.run_after) <= now)
    abandoned = (col(Job.status) == "running") & (col(Job.lease_until) < now)
    return or_(queued, abandoned) & (col(Job.attempts) < col(Job.max_attempts))


def claim_next(
    session: Session,
    *,
    worker_id: str,
    now: datetime,
    lease: timedelta,
    kinds: list[str] | None = None,
) -> Job | None:
    """Claims one ready job (or one whose worker's lease ran out) and commits the claim."""
    statement = select(Job).where(_claimable(now)).order_by(Job.run_after, Job.id).limit(1)
    if kinds:
        statement = statement.where(col(Job.kind).in_(kinds))
    candidate = session.exec(statement.with_for_update(skip_locked=True)).first()
    if candidate is None:
        session.rollback()
        return None
    claimed = session.execute(
        update(Job)
        .where(col(Job.id) == candidate.id, _claimable(now))
        .values(
            status="running",
            attempts=Job.attempts + 1,
            lease_until=now + lease,
            locked_by=worker_id,
        )
    )
    session.commit()
    if claimed.rowcount != 1:
        return None
    session.refresh(candidate)
    return candidate


def renew(session: Session, *, job_id: int, worker_id: str, until: datetime) -> bool:
    """Extends a running job's lease while its worker is alive; False if it was taken over."""
    result = session.execute(
        update(Job)
        .where(col(Job.id) == job_id, col(Job.locked_by) == worker_id, col(Job.status) == "running")
        .values(lease_until=until)
    )
    session.commit()
    return result.rowcount == 1


def complete(session: Session, *, job_id: int, worker_id: str, now: datetime) -> bool:
    """Marks the job done if this worker still holds it; False means another took it over."""
    result = session.execute(
        update(Job)
        .where(col(Job.id) == job_id, col(Job.locked_by) == worker_id, col(Job.status) == "running")
        .values(status="done", finished_at=now, lease_until=None)
    )
    session.commit()
    return result.rowcount == 1


def backoff(attempts: int) -> timedelta:
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_CAP)


def fail(session: Session, *, job: Job, error: str, now: datetime, final: bool = False) -> str:
    """Requeues with back-off, or marks failed when attempts are used up (or the failure
    is `final`: retrying cannot help); returns the status."""
    exhausted = final or job.attempts >= job.max_attempts
    status = "failed" if exhausted else "queued"
    session.execute(
        update(Job)
        .where(col(Job.id) == job.id, col(Job.locked_by) == job.locked_by)
        .values(
            status=status,
            last_error=error[:2000],
            run_after=now + backoff(job.attempts),
            lease_until=None,
            finished_at=now if exhausted else None,
        )
    )
    session.commit()
    return status


def exhausted_abandoned(session: Session, *, now: datetime) -> list[Job]:
    """Jobs whose last allowed attempt died with its worker: marked failed, returned to report."""
    statement = (
        select(Job)
        .where(
            col(Job.status) == "running",
            col(Job.lease_until) < now,
            col(Job.attempts) >= col(Job.max_attempts),
        )
        .with_for_update(skip_locked=True)
    )
    jobs = list(session.exec(statement))
    for job in jobs:
        job.status, job.finished_at = "failed", now
        job.last_error = job.last_error or "the worker stopped while running this job"
    session.commit()
    return jobs


def list_jobs(session: Session, *, status: str | None = None, limit: int = 100) -> list[Job]:
    statement = select(Job).order_by(col(Job.id).desc()).limit(limit)
    if status:
        statement = statement.where(Job.status == status)
    return list(session.exec(statement))


def retry(session: Session, *, job_id: int, now: datetime) -> Job | None:
    """Puts a failed job back in the queue with fresh attempts; its payload was kept."""
    job = session.get(Job, job_id)
    if job is None:
        return None
    job.status, job.attempts, job.run_after = "queued", 0, now
    job.lease_until = job.locked_by = job.finished_at = None
    session.add(job)
    session.commit()
    return job
