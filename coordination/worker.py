"""Runs queued jobs: one loop per process, many processes per database.

The loop is ours (claim, run, finish or back off); what a job does is a handler
registered by the edge that accepted it (the Slack app), keyed by job kind.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from coordination.clock import Clock
from coordination.logs import log_context
from storage import jobs
from storage.models import Job

log = logging.getLogger(__name__)

JobHandler = Callable[[Job], None]
ExhaustedHandler = Callable[[Job], None]


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
    lease: timedelta = timedelta(minutes=5)
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
            self._run(job)
        return job

    def _run(self, job: Job) -> None:
        log.info("job started", extra={"kind": job.kind, "attempt": job.attempts})
        try:
            with self._heartbeat(job):
                self.handlers[job.kind](job)
        except Exception as error:  # any failure is retried or reported, never lost
            self._failed(job, error)
        else:
            with Session(self.engine) as session:
                jobs.complete(session, job_id=job.id, worker_id=self.worker_id, now=self.clock())
            log.info("job done", extra={"kind": job.kind})

    @contextmanager
    def _heartbeat(self, job: Job) -> Iterator[None]:
        """Renews the lease while the job runs, so a slow model run is not mistaken for a
        dead worker; a worker that really died stops renewing and its lease runs out."""
        done = threading.Event()

        def beat() -> None:
            while not done.wait(self.lease.total_seconds() / 3):
                with Session(self.engine) as session:
                    jobs.renew(
                        session,
                        job_id=job.id,
                        worker_id=self.worker_id,
                        until=self.clock() + self.lease,
                    )

        beating = threading.Thread(target=beat, name=f"lease-{job.id}", daemon=True)
        beating.start()
        try:
            yield
        finally:
            done.set()
            beating.join()

    def _failed(self, job: Job, error: Exception) -> None:
        message = f"{type(error).__name__}: {error}"
        log.warning("job failed", extra={"kind": job.kind, "error": message})
        with Session(self.engine) as session:
            status = jobs.fail(session, job=job, error=message, now=self.clock())
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
        while not self._stop.is_set():
            if self.run_once() is None:
                self.wake.wait(self.poll_interval)
                self.wake.clear()

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
