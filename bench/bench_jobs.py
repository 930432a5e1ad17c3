"""Jobs per second through the durable queue on PostgreSQL, with 1 and 2 worker processes.

Each job simulates a short piece of I/O-bound work (a 20 ms wait, like a Slack call),
so the figure shows how well claims scale across processes, not Python speed.
Runs against a throwaway database on FOLLOWTHROUGH_TEST_PG_URL, dropped afterwards.

Run: .venv/bin/python -m bench.bench_jobs
"""

from __future__ import annotations

import multiprocessing
import time

from bench.bench_program_scale import throwaway_database
from coordination.clock import system_clock
from coordination.worker import Worker
from storage import jobs
from storage.db import get_engine, session_scope
from storage.migrate import upgrade
from storage.models import Job
from storage.workspaces import ensure_workspace

JOBS = 400
WORK_SECONDS = 0.02


def _simulated_work(job: Job) -> None:
    time.sleep(WORK_SECONDS)


def _drain(url: str) -> None:
    engine = get_engine(url)
    Worker(engine, {"bench": _simulated_work}, clock=system_clock).run_until_empty()
    engine.dispose()


def _fill(url: str) -> None:
    with session_scope(get_engine(url)) as session:
        now = system_clock()
        ensure_workspace(session, team_id="TBENCH", now=now)
        for n in range(JOBS):
            jobs.enqueue(session, team_id="TBENCH", kind="bench", payload={"n": n}, now=now)


def run(processes: int) -> float:
    with throwaway_database() as url:
        upgrade(url)
        _fill(url)
        get_engine(url).dispose()
        workers = [multiprocessing.Process(target=_drain, args=(url,)) for _ in range(processes)]
        started = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=300)
        return JOBS / (time.perf_counter() - started)


def main() -> None:
    for processes in (1, 2):
        print(f"{processes} worker process(es): {run(processes):7.1f} jobs/s ({JOBS} jobs)")


if __name__ == "__main__":
    main()
