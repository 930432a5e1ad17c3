"""One measurement in a fresh process: the status or the digest of the bench program.

Run by bench/bench_program_scale.py as a script, so that with `PYTHONPATH=DIR` the code
measured is DIR's (an export of an older commit, for a side-by-side baseline): it
imports only names that every version has. The status is timed with what the status
command shows, the digest as `load_digest` returns it. Prints one JSON object: best wall and CPU
time of three runs, the last run's SQL queries, and this process's peak RSS.

Usage: python bench/measure_view.py URL status|digest
"""

from __future__ import annotations

import json
import resource
import sys
import time
from datetime import UTC, datetime

from sqlalchemy import event
from sqlmodel import Session, select

from coordination.digest.load import load_digest
from coordination.program_view.view import build_program_view
from storage.db import get_engine
from storage.models import Program

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
TEAM = "TBENCH"
RUNS = 3


def shown_by_status(view: object) -> None:
    """What the status command shows, some of which a view works out only when asked
    (the critical path, the contentions, the overlaps): asked here, inside the timing."""
    portfolio = view.portfolio  # type: ignore[attr-defined]
    for part in (view.critical_path, portfolio.contended, portfolio.overlaps):  # type: ignore[attr-defined]
        assert part is not None


def main(url: str, what: str) -> None:
    engine = get_engine(url)
    with Session(engine) as session:
        program = session.exec(select(Program).where(Program.team_id == TEAM)).one()
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    wall = cpu = float("inf")
    for _ in range(RUNS):
        statements.clear()
        with Session(engine) as session:
            started, started_cpu = time.perf_counter(), time.process_time()
            if what == "status":
                shown_by_status(
                    build_program_view(session, program=program, today=NOW.date(), now=NOW)
                )
            else:
                load_digest(session, program=program, now=NOW)
            wall = min(wall, time.perf_counter() - started)
            cpu = min(cpu, time.process_time() - started_cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(json.dumps({"seconds": wall, "cpu": cpu, "queries": len(statements), "rss_mb": peak}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
