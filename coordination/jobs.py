"""Work the edges accept and people look after: queued once, listed, retried by hand.

The worker (`coordination/worker.py`) claims and runs the jobs; this module is how a
request becomes one and how `followthrough jobs` sees them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from storage import jobs
from storage.events import record_event
from storage.models import Job

__all__ = ["Job", "enqueue_job", "first_delivery", "list_jobs", "retry_job"]


def first_delivery(session: Session, *, team_id: str, event_id: str, now: datetime) -> bool:
    """False when Slack delivered this event before (a retry): its work was accepted then."""
    return record_event(session, team_id=team_id, event_id=event_id, now=now)


def enqueue_job(
    session: Session,
    *,
    team_id: str,
    kind: str,
    payload: dict[str, Any],
    now: datetime,
    dedupe_key: str | None = None,
) -> int | None:
    """The new job's id; None when a job with the same dedupe key is already queued:
    the work is not doubled."""
    return jobs.enqueue(
        session, team_id=team_id, kind=kind, payload=payload, now=now, dedupe_key=dedupe_key
    )


def list_jobs(session: Session, *, status: str | None = None, limit: int = 100) -> list[Job]:
    """Newest first, so the job someone just asked about is at the top."""
    return jobs.list_jobs(session, status=status, limit=limit)


def retry_job(session: Session, *, job_id: int, now: datetime) -> Job | None:
    """A failed job queued again with fresh attempts and its kept payload; None if unknown."""
    return jobs.retry(session, job_id=job_id, now=now)
