"""Status, digest and reminder selection at scale on PostgreSQL: time and query count.

Builds 200 projects, 2,000 people, 50,000 items and 5,000 dependencies in a throwaway
database on the test server (FOLLOWTHROUGH_TEST_PG_URL), then prints how long the
status, the weekly digest and the reminder sweep's selection take and how many SQL
queries each ran (best of three); the database is dropped after.

Run: .venv/bin/python bench/bench_program_scale.py
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from bench.program_generator import ITEMS, TEAM, generate
from coordination.digest.load import load_digest
from coordination.program_view import build_program_view
from coordination.reminders.plan import plan_escalations, plan_reminders
from coordination.reminders.sweep import load_states
from storage.db import get_engine
from storage.migrate import upgrade
from storage.models import Program

SERVER = os.environ.get(
    "FOLLOWTHROUGH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


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


def measure(label: str, engine: Engine, work: Callable[[Session], object], runs: int = 3) -> None:
    best, queries = float("inf"), 0
    for _ in range(runs):
        with Session(engine) as session, counting_queries(engine) as statements:
            started = time.perf_counter()
            work(session)
            best = min(best, time.perf_counter() - started)
            queries = len(statements)
    print(f"{label:<40} {best * 1000:8.0f} ms  {queries:3d} queries")


def main() -> None:
    with throwaway_database() as url:
        upgrade(url)
        engine = get_engine(url)
        started = time.perf_counter()
        generate(engine, today=NOW.date(), now=NOW)
        print(f"generated {ITEMS} items in {time.perf_counter() - started:.1f} s")
        with Session(engine) as session:
            program = session.exec(select(Program).where(Program.team_id == TEAM)).one()

        def status(session: Session) -> object:
            return build_program_view(session, program=program, today=NOW.date(), now=NOW)

        def digest(session: Session) -> object:
            return load_digest(session, program=program, now=NOW)

        def sweep_selection(session: Session) -> object:
            items, people = load_states(session, team_id=TEAM, now=NOW)
            return plan_reminders(items, people, NOW), plan_escalations(items, people, NOW)

        measure("status (full program view)", engine, status)
        measure("weekly digest (view + period changes)", engine, digest)
        measure("reminder sweep selection (load + plan)", engine, sweep_selection)
        engine.dispose()


if __name__ == "__main__":
    main()
