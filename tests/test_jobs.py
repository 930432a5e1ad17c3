"""The durable job queue and its worker, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from coordination.clock import ClockFrom
from coordination.worker import Worker
from storage import jobs
from storage.db import session_scope
from storage.models import Job
from storage.workspaces import ensure_workspace
from tests.fakes.clocks import StoppedClock

START = datetime(2026, 11, 25, 9, tzinfo=UTC)


def _enqueue(engine: Engine, count: int = 1, **fields) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=START)
        for n in range(count):
            jobs.enqueue(session, team_id="T1", kind="echo", payload={"n": n}, now=START, **fields)


def _statuses(engine: Engine) -> list[tuple[str, int]]:
    with Session(engine) as session:
        return [(j.status, j.attempts) for j in session.exec(select(Job).order_by(Job.id))]


def test_a_job_with_a_known_dedupe_key_is_not_enqueued_twice(engine: Engine) -> None:
    _enqueue(engine, dedupe_key="event:Ev1")
    with session_scope(engine) as session:
        again = jobs.enqueue(
            session, team_id="T1", kind="echo", payload={}, now=START, dedupe_key="event:Ev1"
        )
    assert again is None
    assert len(_statuses(engine)) == 1


def test_a_failing_job_backs_off_then_fails_and_is_reported_with_its_input(engine: Engine) -> None:
    _enqueue(engine, max_attempts=2)
    clock, reported = StoppedClock(START), []

    def explode(job: Job) -> None:
        raise TimeoutError("model timed out")

    worker = Worker(engine, {"echo": explode}, on_exhausted=reported.append, clock=clock)
    assert worker.run_once() is not None
    assert _statuses(engine) == [("queued", 1)]
    assert worker.run_once() is None  # backing off
    clock.now += jobs.backoff(1) + timedelta(seconds=1)
    worker.run_once()
    assert _statuses(engine) == [("failed", 2)]
    assert [(j.payload, j.last_error) for j in reported] == [
        ({"n": 0}, "TimeoutError: model timed out")
    ]
    with session_scope(engine) as session:
        jobs.retry(session, job_id=reported[0].id, now=clock.now)
    assert _statuses(engine) == [("queued", 0)]


def test_a_job_whose_worker_died_is_taken_over_after_its_lease(engine: Engine) -> None:
    _enqueue(engine)
    clock, ran = StoppedClock(START), []
    with Session(engine) as session:
        dead = jobs.claim_next(session, worker_id="dead", now=START, lease=timedelta(minutes=5))
    assert dead is not None
    survivor = Worker(engine, {"echo": ran.append}, clock=clock, worker_id="alive")
    assert survivor.run_once() is None
    clock.now += timedelta(minutes=6)
    assert survivor.run_once() is not None
    assert _statuses(engine) == [("done", 2)]
    with Session(engine) as session:
        assert not jobs.complete(session, job_id=dead.id, worker_id="dead", now=clock.now)


def test_a_job_that_killed_its_last_allowed_worker_is_failed_and_reported(engine: Engine) -> None:
    _enqueue(engine, max_attempts=1)
    with Session(engine) as session:
        jobs.claim_next(session, worker_id="dead", now=START, lease=timedelta(minutes=5))
    clock, reported = StoppedClock(START), []
    clock.now += timedelta(minutes=6)
    Worker(engine, {"echo": lambda job: None}, on_exhausted=reported.append, clock=clock).run_once()
    assert _statuses(engine) == [("failed", 1)]
    assert len(reported) == 1


def test_two_workers_on_postgresql_run_each_job_exactly_once(postgres_engine: Engine) -> None:
    _enqueue(postgres_engine, count=40)
    ran: list[int] = []
    lock = threading.Lock()

    def record(job: Job) -> None:
        with lock:
            ran.append(job.payload["n"])

    clock = StoppedClock(START)
    workers = [
        Worker(postgres_engine, {"echo": record}, clock=clock, worker_id=f"w{n}") for n in range(2)
    ]
    threads = [threading.Thread(target=w.run_until_empty) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ran) == list(range(40))
    assert {status for status, _ in _statuses(postgres_engine)} == {"done"}


def test_a_job_outliving_its_lease_keeps_it_while_its_worker_is_alive(engine: Engine) -> None:
    _enqueue(engine)
    started, others = threading.Event(), []

    def slow(job: Job) -> None:
        started.set()
        time.sleep(1.5)

    lease, clock = timedelta(seconds=0.6), ClockFrom(START)  # real seconds pass
    busy = Worker(engine, {"echo": slow}, clock=clock, lease=lease, worker_id="busy")
    idle = Worker(engine, {"echo": others.append}, clock=clock, lease=lease, worker_id="idle")
    runner = threading.Thread(target=busy.run_once)
    runner.start()
    started.wait(5)
    time.sleep(1.0)
    assert idle.run_once() is None
    runner.join()
    assert others == []
    assert _statuses(engine) == [("done", 1)]
