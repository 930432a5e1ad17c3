"""The worker loop through failures: leases lost, databases gone (SQLite and PostgreSQL)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, create_engine, select

from coordination.clock import ClockFrom
from coordination.worker import (
    RETRY_CAP_SECONDS,
    LeaseLostError,
    Worker,
    ensure_lease_held,
    retry_delay,
)
from storage import jobs
from storage.db import session_scope
from storage.models import Job
from storage.workspaces import ensure_workspace
from tests.replicas import wait_for

START = datetime(2026, 11, 25, 9, tzinfo=UTC)
LEASE = timedelta(seconds=1.2)
BEAT = timedelta(seconds=0.4)
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/none"


def _enqueue(engine: Engine) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=START)
        jobs.enqueue(session, team_id="T1", kind="echo", payload={}, now=START)


def _job(engine: Engine) -> Job:
    with Session(engine) as session:
        return session.exec(select(Job)).one()


class Sender:
    """A handler that keeps checking its lease, as a send does, until told it is lost."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.lost_at: datetime | None = None
        self.clock = ClockFrom(START)

    def __call__(self, job: Job) -> None:
        self.started.set()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                ensure_lease_held()
            except LeaseLostError:
                self.lost_at = self.clock()
                raise
            time.sleep(0.02)


@contextmanager
def _silent_database() -> Iterator[str]:
    """A server that accepts connections and never answers, as a database behind a
    dropped network link does: a connect to it hangs instead of failing."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            with suppress(TimeoutError):
                accepted.append(listener.accept()[0])

    accepting = threading.Thread(target=accept, daemon=True)
    accepting.start()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{listener.getsockname()[1]}/none"
    finally:
        stop.set()
        accepting.join()
        for connection in accepted:
            connection.close()
        listener.close()


def _renewing_job(engine: Engine) -> tuple[Sender, Worker, threading.Thread]:
    """A queued job, a worker with a short lease that renews often, and the thread
    that will run the job (not started yet)."""
    _enqueue(engine)
    sender = Sender()
    worker = Worker(
        engine, {"echo": sender}, clock=sender.clock, lease=LEASE, heartbeat=BEAT, worker_id="w1"
    )
    return sender, worker, threading.Thread(target=worker.run_once)


def test_a_worker_whose_job_was_taken_over_stops_before_it_sends(engine: Engine) -> None:
    _enqueue(engine)
    sender = Sender()
    worker = Worker(engine, {"echo": sender}, clock=sender.clock, lease=LEASE, worker_id="w1")
    running = threading.Thread(target=worker.run_once)
    running.start()
    assert sender.started.wait(5)
    with session_scope(engine) as session:
        session.exec(select(Job)).one().locked_by = "w2"  # another worker took it over
    running.join(10)
    assert sender.lost_at is not None
    job = _job(engine)
    assert (job.status, job.locked_by, job.last_error) == ("running", "w2", None)


def test_a_worker_that_cannot_renew_gives_the_job_up_before_its_lease_runs_out(
    engine: Engine,
) -> None:
    sender, worker, running = _renewing_job(engine)
    running.start()
    assert sender.started.wait(5)
    time.sleep(0.5)  # a renewal lands first
    worker.engine = create_engine(UNREACHABLE)  # from now on the database is gone
    running.join(10)
    lease_until = _job(engine).lease_until
    assert sender.lost_at is not None and lease_until is not None
    assert sender.lost_at < lease_until
    assert _job(engine).status == "running"  # left for its next holder


def test_a_worker_whose_renewal_hangs_still_stops_before_its_lease_runs_out(
    engine: Engine,
) -> None:
    sender, worker, running = _renewing_job(engine)
    with _silent_database() as silent:
        running.start()
        assert sender.started.wait(5)
        time.sleep(0.5)  # a renewal lands first
        worker.engine = create_engine(silent)  # the next renewal never returns
        running.join(10)
        assert not running.is_alive()  # the job's end did not wait for the hung renewal
    for beating in threading.enumerate():  # the hung renewal ends once its server is gone
        if beating.name.startswith("lease-"):
            beating.join(5)
    lease_until = _job(engine).lease_until
    assert sender.lost_at is not None and lease_until is not None
    assert sender.lost_at < lease_until
    assert _job(engine).status == "running"


def test_the_worker_loop_backs_off_through_an_outage_and_runs_the_job_after(
    engine: Engine,
) -> None:
    ran = threading.Event()
    worker = Worker(
        create_engine(UNREACHABLE),
        {"echo": lambda job: ran.set()},
        clock=ClockFrom(START),
        poll_interval=0.1,
    )
    worker.start()
    try:
        time.sleep(1.5)  # several failed claims
        assert worker.running()
        worker.engine = engine
        _enqueue(engine)
        wait_for(ran.is_set, timeout=RETRY_CAP_SECONDS + 5, what="the job after the outage")
    finally:
        worker.stop(wait=5)
    wait_for(lambda: _job(engine).status == "done", timeout=5, what="the job marked done")
    assert not worker.running()


def test_retry_delays_grow_with_failures_up_to_a_cap_and_vary() -> None:
    first = [retry_delay(1) for _ in range(50)]
    later = [retry_delay(30) for _ in range(50)]
    assert max(first) <= 0.5 < min(later)
    assert max(later) <= RETRY_CAP_SECONDS
    assert len(set(later)) > 1
