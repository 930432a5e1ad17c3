"""Status and digest as a program grows: time, queries and peak memory, size by size.

For each size (items; default 1k, 10k, 50k and 200k) builds the program of
bench/program_generator.py in a throwaway PostgreSQL database on the test server
(FOLLOWTHROUGH_TEST_PG_URL), then measures, each in a fresh process so its peak RSS is
its own:

- the status (program view) and the weekly digest as the domain computes them
  (bench/measure_view.py): best wall and CPU time of three, SQL queries, peak RSS of
  that process;
- `followthrough status` and `followthrough digest` as a person runs them: wall time
  (interpreter start included), peak RSS and lines printed.

Each row after the first shows its growth over the previous size (x time for x items).
CPU time is the steadier figure on a shared machine: other processes stretch the wall
time, much less this process's own CPU time. `--sqlite` measures a SQLite copy beside
each PostgreSQL one; `--baseline DIR` also measures the code in DIR (e.g.
`git archive <commit> | tar -x -C DIR`) on the same database, side by side.

Run: .venv/bin/python -m bench.bench_program_scale [SIZE ...] [--sqlite] [--baseline DIR]
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from bench.program_generator import TEAM, generate
from storage.db import get_engine
from storage.migrate import upgrade

SERVER = os.environ.get(
    "FOLLOWTHROUGH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
SIZES = (1_000, 10_000, 50_000, 200_000)
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Figures:
    seconds: float
    cpu: float
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


def _peak_rss_mb(usage: resource.struct_rusage) -> float:
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def _run_child(argv: list[str], env: dict[str, str], cwd: Path = REPO) -> tuple[float, float, str]:
    """Wall time, peak RSS (from the child's own rusage) and its standard output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(argv, stdout=out, env=env, cwd=cwd)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode()
    if child.returncode:
        raise SystemExit(f"{' '.join(argv)} exited {child.returncode}")
    return seconds, _peak_rss_mb(usage), text


def measure_in_child(url: str, what: str, code: Path = REPO) -> Figures:
    """The domain's figures from a fresh process running the code in `code`."""
    argv = [sys.executable, str(REPO / "bench" / "measure_view.py"), url, what]
    _, _, text = _run_child(argv, {**os.environ, "PYTHONPATH": str(code)}, cwd=code)
    return Figures(**json.loads(text))


def measure_cli(url: str, what: str) -> Figures:
    env = {**os.environ, "DATABASE_URL": url, "FOLLOWTHROUGH_TEAM_ID": TEAM}
    argv = [sys.executable, "-m", "cli.main", what, "--program", "Bench", "--now", NOW.isoformat()]
    seconds, rss, text = _run_child(argv, env)
    return Figures(seconds, seconds, 0, rss, text.count("\n"))


def _growth(now: float, before: float | None) -> str:
    return f"x{now / before:4.1f}" if before else "     "


def report(
    label: str, size: int, url: str, before: dict[str, Figures], baseline: Path | None
) -> dict[str, Figures]:
    found: dict[str, Figures] = {}
    for what in ("status", "digest"):
        domain, cli = measure_in_child(url, what), measure_cli(url, what)
        found[what], found[f"cli {what}"] = domain, cli
        last, last_cli = before.get(what), before.get(f"cli {what}")
        print(
            f"{label:<10} {size:>8,} {what:<7} {domain.seconds * 1000:7.0f} ms "
            f"{_growth(domain.seconds, last and last.seconds)} "
            f"{domain.cpu * 1000:7.0f} ms {_growth(domain.cpu, last and last.cpu)} "
            f"{domain.queries:3d} q {domain.rss_mb:5.0f} MB"
            f" | cli {cli.seconds:5.2f} s {_growth(cli.seconds, last_cli and last_cli.seconds)}"
            f" {cli.rss_mb:5.0f} MB {cli.lines:6,} lines",
            flush=True,
        )
        if baseline is not None:
            old = measure_in_child(url, what, baseline)
            print(
                f"{'  baseline':<10} {size:>8,} {what:<7} {old.seconds * 1000:7.0f} ms       "
                f"{old.cpu * 1000:7.0f} ms       {old.queries:3d} q {old.rss_mb:5.0f} MB"
                f" | new/baseline: wall x{domain.seconds / old.seconds:.2f}, "
                f"cpu x{domain.cpu / old.cpu:.2f}, peak x{domain.rss_mb / old.rss_mb:.2f}",
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


def run(sizes: list[int], with_sqlite: bool, baseline: Path | None) -> None:
    print(f"load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    print(
        f"{'database':<10} {'items':>8} {'what':<7} {'wall':>10} {'grow':>5} {'cpu':>10} "
        f"{'grow':>5} {'sql':>5} {'peak':>8} | cli wall, growth, peak RSS, output"
    )
    before: dict[str, dict[str, Figures]] = {}
    for size in sizes:
        with throwaway_database() as url:
            print(f"  generated {size:,} items on PostgreSQL in {_load(url, size):.1f} s")
            before["pg"] = report("postgresql", size, url, before.get("pg", {}), baseline)
        if with_sqlite:
            with tempfile.TemporaryDirectory() as folder:
                url = f"sqlite:///{Path(folder) / 'bench.db'}"
                print(f"  generated {size:,} items on SQLite in {_load(url, size):.1f} s")
                before["sqlite"] = report("sqlite", size, url, before.get("sqlite", {}), None)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES), help="items")
    parser.add_argument("--sqlite", action="store_true", help="also measure SQLite")
    parser.add_argument("--baseline", type=Path, help="also measure the code in this folder")
    args = parser.parse_args()
    run(args.sizes, args.sqlite, args.baseline and args.baseline.resolve())


if __name__ == "__main__":
    main()
