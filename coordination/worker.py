"""Runs queued jobs: one loop per process, many processes per database.

The loop is ours (claim, run, finish or back off); what a job does is a handler
registered by the edge that accepted it (the Slack app), keyed by job kind.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from coordination.clock import Clock
from coordination.errors import PermanentError
from coordination.logs import log_context
from storage import jobs
from storage.models import Job

log = logging.getLogger(__name__)

JobHandler = Callable[[Job], None]
ExhaustedHandler = Callable[[Job], None]

DEFAULT_LEASE = timedelta(seconds=30)
HEARTBEATS_PER_LEASE = 6
RETRY_BASE_SECONDS = 0.5
RETRY_CAP_SECONDS = 10.0


class LeaseLostError(Exception):
    """This worker can no longer vouch for its claim on the job (another took it over,
    or renewals failed until the lease nearly ran out): it must not go on, above all
    not send, because the next holder will do the job again."""


@dataclass
class JobLease:
    """What the job's thread knows of its claim: lost when the heartbeat says so, and
    lost anyway once `safe_until` (monotonic seconds) passes, so a renewal that hangs
    on a database gone away cannot keep a send going past the lease."""

    job_id: int
    safe_until: float
    lost: threading.Event = field(default_factory=threading.Event)

    def ensure_held(self) -> None:
        if self.lost.is_set() or time.monotonic() >= self.safe_until:
            raise LeaseLostError(f"the lease on job {self.job_id} was lost")

    def is_lost(self) -> bool:
        return self.lost.is_set() or time.monotonic() >= self.safe_until


_current_lease: ContextVar[JobLease | None] = ContextVar("current_lease", default=None)


def ensure_lease_held() -> None:
    """Called before anything that must not happen twice (a send): raises
    LeaseLostError when the job this thread runs has lost its lease. Outside a job
    (a scheduler sweep, the CLI) there is no lease and nothing to check."""
    lease = _current_lease.get()
    if lease is not None:
        lease.ensure_held()


def retry_delay(failures: int) -> float:
    """Exponential back-off, bounded, with jitter (between half and all of the step),
    so replicas that lost the database together do not all come back at one instant."""
    ceiling = min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2 ** max(failures - 1, 0))
    return random.uniform(ceiling / 2, ceiling)


def default_worker_id() -> str:
    """Host and pid say which process holds a job; the suffix tells its workers apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Worker:
    engine: Engine
    handlers: Mapping[str, JobHandler]
    clock: Clock
    """Claims, leases and back-off are measured on the process's one clock."""
    on_exhausted: ExhaustedHandler | None = None
    lease: timedelta = DEFAULT_LEASE
    heartbeat: timedelta | None = None
    """Renewals come this often (default: six per lease); one that fails is tried again
    at the next beat, and the job is given up before its lease would run out."""
    poll_interval: float = 0.5
    worker_id: str = field(default_factory=default_worker_id)
    wake: threading.Event = field(default_factory=threading.Event)
    """Set by whoever enqueues in this process, so an idle worker need not poll often."""
    exhausted_check_every: float = 30.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _exhausted_checked: float = float("-inf")
    _thread: threading.Thread | None = None

    def run_once(self) -> Job | None:
        """Claims and runs at most one job; returns it, or None when the queue is empty."""
        self._report_exhausted()
        asked = time.monotonic()
        with Session(self.engine, expire_on_commit=False) as session:
            job = jobs.claim_next(
                session,
                worker_id=self.worker_id,
                now=self.clock(),
                lease=self.lease,
                kinds=list(self.handlers),
            )
        if job is None:
            return None
        event_id = job.payload.get("event_id") if isinstance(job.payload, dict) else None
        with log_context(job_id=job.id, team_id=job.team_id, event_id=event_id):
            self._run(job, JobLease(job.id or 0, safe_until=self._safe_until(asked)))
        return job

    def _safe_until(self, asked: float) -> float:
        """The lease granted at `asked` (taken before the claim or renewal was sent, so
        never later than the database's own reading) is trusted until one beat before
        it runs out: the margin covers a send already under way."""
        return asked + self.lease.total_seconds() - self._beat_seconds

    def _run(self, job: Job, lease: JobLease) -> None:
        log.info("job started", extra={"kind": job.kind, "attempt": job.attempts})
        token = _current_lease.set(lease)
        try:
            with self._heartbeat(job, lease):
                self.handlers[job.kind](job)
        except Exception as error:  # any failure is retried or reported, never lost
            if lease.is_lost():
                self._abandoned(job)
            else:
                self._failed(job, error)
        else:
            with Session(self.engine) as session:
                jobs.complete(session, job_id=job.id, worker_id=self.worker_id, now=self.clock())
            log.info("job done", extra={"kind": job.kind})
        finally:
            _current_lease.reset(token)

    def _abandoned(self, job: Job) -> None:
        """Neither done nor failed: the job is its next holder's, whose run finishes
        whatever this one claimed (replies are keyed by the job id)."""
        log.warning("job given up: lease lost", extra={"kind": job.kind})

    @contextmanager
    def _heartbeat(self, job: Job, lease: JobLease) -> Iterator[None]:
        """Renews the lease while the job runs, so a slow model run is not mistaken for a
        dead worker; a worker that really died stops renewing and its lease runs out.
        A worker that cannot renew marks the lease lost before it runs out; a renewal
        still hanging on a database that went away is not waited for past one beat."""
        done = threading.Event()

        def beat() -> None:
            while not done.wait(self._beat_seconds):
                asked = time.monotonic()
                held = self._renew(job)
                if held:
                    lease.safe_until = self._safe_until(asked)
                    continue
                if held is False or self._renew_too_late(lease):
                    lease.lost.set()
                    return

        beating = threading.Thread(target=beat, name=f"lease-{job.id}", daemon=True)
        beating.start()
        try:
            yield
        finally:
            done.set()
            beating.join(self._beat_seconds)

    def _renew(self, job: Job) -> bool | None:
        """True when renewed, None when the database could not be asked, False when
        the job is no longer ours (taken over): then it is lost at once."""
        try:
            with Session(self.engine) as session:
                held = jobs.renew(
                    session,
                    job_id=job.id,
                    worker_id=self.worker_id,
                    until=self.clock() + self.lease,
                )
        except Exception as error:  # the next beat tries again, until the lease runs short
            log.warning("lease renewal failed", extra={"error": f"{type(error).__name__}"})
            return None
        return held

    def _renew_too_late(self, lease: JobLease) -> bool:
        """A failed renewal is tried again next beat unless that beat would come after
        the lease stopped being safe (counted from the last renewal that worked)."""
        return lease.safe_until - time.monotonic() <= self._beat_seconds

    @property
    def _beat_seconds(self) -> float:
        beat = self.heartbeat or self.lease / HEARTBEATS_PER_LEASE
        return min(beat, self.lease / 2).total_seconds()

    def _failed(self, job: Job, error: Exception) -> None:
        message = f"{type(error).__name__}: {error}"
        log.warning("job failed", extra={"kind": job.kind, "error": message})
        final = isinstance(error, PermanentError)
        with Session(self.engine) as session:
            status = jobs.fail(session, job=job, error=message, now=self.clock(), final=final)
        if status == "failed":
            job.last_error = message
            self._notify_exhausted(job)

    def _report_exhausted(self) -> None:
        """Dead workers' last attempts are rare: looked for every half minute, not per poll."""
        if time.monotonic() - self._exhausted_checked < self.exhausted_check_every:
            return
        self._exhausted_checked = time.monotonic()
        with Session(self.engine) as session:
            abandoned = jobs.exhausted_abandoned(session, now=self.clock())
        for job in abandoned:
            self._notify_exhausted(job)

    def _notify_exhausted(self, job: Job) -> None:
        if self.on_exhausted is None:
            return
        try:
            self.on_exhausted(job)
        except Exception:  # the job stays failed, listed for `jobs retry`
            log.exception("could not report failed job", extra={"job_id": job.id})

    def run_until_empty(self) -> int:
        count = 0
        while self.run_once() is not None:
            count += 1
        return count

    def run_forever(self) -> None:
        """Every iteration handles its own errors: a database or Slack outage makes the
        loop back off and try again, never end, so accepted work is still run after."""
        failures = 0
        while not self._stop.is_set():
            try:
                job = self.run_once()
            except Exception as error:
                failures += 1
                delay = retry_delay(failures)
                log.warning(
                    "worker loop failed, retrying",
                    extra={"error": f"{type(error).__name__}: {error}"[:300], "retry_in": delay},
                )
                self._stop.wait(delay)
                continue
            failures = 0
            if job is None:
                self.wake.wait(self.poll_interval)
                self.wake.clear()

    def running(self) -> bool:
        """What readiness asks: the loop's thread is alive and was not told to stop."""
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def start(self) -> threading.Thread:
        self._thread = threading.Thread(
            target=self.run_forever, name=f"worker-{self.worker_id}", daemon=True
        )
        self._thread.start()
        return self._thread

    def stop(self, *, wait: float = 0.0) -> None:
        """Takes no new job; waits up to `wait` seconds for the one running. A job still
        running then is left to its lease: another worker finishes it later."""
        self._stop.set()
        self.wake.set()
        if self._thread is not None and wait > 0:
            self._thread.join(wait)
