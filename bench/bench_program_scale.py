"""Status and digest as a program grows: time, queries and peak memory, size by size.

For each size (items; default 1k, 10k, 50k and 200k) builds the program of
bench/program_generator.py in a throwaway PostgreSQL database on the test server
(FOLLOWTHROUGH_TEST_PG_URL), then measures, each in a fresh process so its peak RSS is
its own:

- the status (program view) and the weekly digest as the domain computes them: best of
  three, SQL queries, peak RSS of that process;
- `followthrough status` and `followthrough digest` as a person runs them: wall time
  (interpreter start included), peak RSS and lines printed.

Each row after the first shows its growth over the previous size (x time for x items).
`--sqlite` measures a SQLite copy beside each PostgreSQL one.

Run: .venv/bin/python -m bench.bench_program_scale [SIZE ...] [--sqlite]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from bench.program_generator import TEAM, generate
from coordination.digest.load import load_digest
from coordination.program_view import build_program_view
from storage.db import get_engine
from storage.migrate import upgrade
from storage.models import Program

SERVER = os.environ.get(
    "FOLLOWTHROUGH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
SIZES = (1_000, 10_000, 50_000, 200_000)
RUNS = 3


@dataclass(frozen=True)
class Figures:
    seconds: float
    queries: int
    rss_mb: float
    lines: int = 0


@contextmanager
def throwaway_database() -> Iterator[str]:
    name = f"ft_bench_{uuid.uuid4().hex[:10]}"
    admin = make_url(SERVER).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def counting_queries(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _peak_rss_mb(usage: resource.struct_rusage) -> float:
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def measure_here(url: str, what: str) -> Figures:
    """In this (fresh) process: best of RUNS, the last run's queries, this process's peak."""
    engine = get_engine(url)
    with Session(engine) as session:
        program = session.exec(select(Program).where(Program.team_id == TEAM)).one()
    work: dict[str, Callable[[Session], object]] = {
        "status": lambda s: build_program_view(s, program=program, today=NOW.date(), now=NOW),
        "digest": lambda s: load_digest(s, program=program, now=NOW),
    }
    best, queries = float("inf"), 0
    for _ in range(RUNS):
        with Session(engine) as session, counting_queries(engine) as statements:
            started = time.perf_counter()
            work[what](session)
            best = min(best, time.perf_counter() - started)
            queries = len(statements)
    engine.dispose()
    return Figures(best, queries, _peak_rss_mb(resource.getrusage(resource.RUSAGE_SELF)))


def _run_child(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall time, peak RSS (from the child's own rusage) and its standard output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(argv, stdout=out, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode()
    if child.returncode:
        raise SystemExit(f"{' '.join(argv)} exited {child.returncode}")
    return seconds, _peak_rss_mb(usage), text


def measure_in_child(url: str, what: str) -> Figures:
    argv = [sys.executable, "-m", "bench.bench_program_scale", "--measure", what, "--url", url]
    _, _, text = _run_child(argv, dict(os.environ))
    return Figures(**json.loads(text))


def measure_cli(url: str, what: str) -> Figures:
    env = {**os.environ, "DATABASE_URL": url, "FOLLOWTHROUGH_TEAM_ID": TEAM}
    argv = [sys.executable, "-m", "cli.main", what, "--program", "Bench", "--now", NOW.isoformat()]
    seconds, rss, text = _run_child(argv, env)
    return Figures(seconds, 0, rss, text.count("\n"))


def _growth(now: Figures, before: Figures | None) -> str:
    return f"x{now.seconds / before.seconds:4.1f}" if before else "     "


def report(label: str, size: int, url: str, before: dict[str, Figures]) -> dict[str, Figures]:
    found: dict[str, Figures] = {}
    for what in ("status", "digest"):
        domain, cli = measure_in_child(url, what), measure_cli(url, what)
        found[what], found[f"cli {what}"] = domain, cli
        print(
            f"{label:<10} {size:>8,} {what:<7} {domain.seconds * 1000:7.0f} ms "
            f"{_growth(domain, before.get(what))} {domain.queries:3d} q {domain.rss_mb:5.0f} MB"
            f" | cli {cli.seconds:5.2f} s {_growth(cli, before.get(f'cli {what}'))}"
            f" {cli.rss_mb:5.0f} MB {cli.lines:6,} lines",
            flush=True,
        )
    return found


def _load(url: str, size: int) -> float:
    upgrade(url)
    engine = get_engine(url)
    started = time.perf_counter()
    generate(engine, today=NOW.date(), now=NOW, items=size)
    engine.dispose()
    return time.perf_counter() - started


def run(sizes: list[int], with_sqlite: bool) -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores, shared)")
    print(
        f"{'database':<10} {'items':>8} {'what':<7} {'time':>10} {'grow':>5} {'sql':>5} "
        f"{'peak':>8} | cli wall, growth, peak RSS, output"
    )
    before: dict[str, dict[str, Figures]] = {}
    for size in sizes:
        with throwaway_database() as url:
            print(f"  generated {size:,} items on PostgreSQL in {_load(url, size):.1f} s")
            before["pg"] = report("postgresql", size, url, before.get("pg", {}))
        if with_sqlite:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.db'}"
                print(f"  generated {size:,} items on SQLite in {_load(url, size):.1f} s")
                before["sqlite"] = report("sqlite", size, url, before.get("sqlite", {}))
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES), help="items")
    parser.add_argument("--sqlite", action="store_true", help="also measure SQLite")
    parser.add_argument("--measure", choices=("status", "digest"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_here(args.url, args.measure).__dict__))
        return
    run(args.sizes, args.sqlite)


if __name__ == "__main__":
    main()
