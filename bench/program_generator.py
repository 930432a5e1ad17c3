"""Writes a synthetic program at the issue's scale into a real database.

By default 200 projects, 2,000 people, 50,000 items, 5,000 dependencies and 5,000
due-date changes, fixed seed; `generate(..., items=N)` scales every count with N (one
project per 250 items, one person per 25, one dependency and one re-date per 10).
Dependencies point forward (by item id) so the graph is acyclic, as it is once cycle
checks guard every new edge. On PostgreSQL the rows go in with COPY, so 200,000 items
take seconds, not minutes.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Engine
from sqlmodel import Session

from storage.models import Program, Workspace

TEAM = "TBENCH"
PROJECTS, PEOPLE, ITEMS, EDGES = 200, 2_000, 50_000, 5_000


@dataclass(frozen=True)
class Scale:
    """How big the program is; every count follows the number of items."""

    items: int = ITEMS

    @property
    def projects(self) -> int:
        return max(1, self.items // 250)

    @property
    def people(self) -> int:
        return max(1, self.items // 25)

    @property
    def edges(self) -> int:
        return self.items // 10

    @property
    def redates(self) -> int:
        return self.items // 10


Rows = tuple[tuple[str, ...], list[tuple[Any, ...]]]
"""Column names, then each row as the driver takes it: JSON as text, naive UTC times."""

EMPTY_JSON = "[]"
STATUSES = ("open",) * 70 + ("done",) * 27 + ("cancelled",) * 3
EDGE_STATUSES = ("open",) * 80 + ("blocked",) * 5 + ("resolved",) * 15
ESTIMATES = (None, 0.5, 1.0, 2.0, 3.0)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _people(rng: random.Random, now: datetime, scale: Scale) -> Rows:
    zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]
    columns = (
        "id team_id display_name slack_user_id aliases timezone work_start work_end "
        "working_days weekly_capacity_days created_at"
    ).split()
    days, created = json.dumps([0, 1, 2, 3, 4]), _naive(now)
    rows = [
        (
            p + 1,
            TEAM,
            f"Person {p}",
            f"U{p:06d}",
            EMPTY_JSON,
            rng.choice(zones),
            time(9),
            time(18),
            days,
            5.0,
            created,
        )
        for p in range(scale.people)
    ]
    return tuple(columns), rows


def _projects(rng: random.Random, today: date, now: datetime, scale: Scale) -> Rows:
    columns = (
        "id team_id program_id name aliases lead_id start_date end_date budget_planned "
        "budget_spent created_at"
    ).split()
    rows = [
        (
            p + 1,
            TEAM,
            1,
            f"Project {p}",
            EMPTY_JSON,
            rng.randrange(scale.people) + 1,
            today - timedelta(days=rng.randint(0, 120)),
            today + timedelta(days=rng.randint(10, 200)),
            100_000.0,
            rng.uniform(20_000, 130_000),
            _naive(now),
        )
        for p in range(scale.projects)
    ]
    return tuple(columns), rows


def _items(rng: random.Random, today: date, now: datetime, scale: Scale) -> Rows:
    columns = (
        "id team_id program_id project_id owner_id owner_names task task_key due_date status "
        "estimate_days confidence flags nudge_count created_at updated_at completed_at"
    ).split()
    created, updated = _naive(now - timedelta(days=40)), _naive(now)
    dues = [today + timedelta(days=d) for d in range(-30, 61)]
    finished = [_naive(now - timedelta(days=d)) for d in range(31)]
    rows = []
    for i in range(scale.items):
        status = rng.choice(STATUSES)
        rows.append(
            (
                i + 1,
                TEAM,
                1,
                i % scale.projects + 1,
                rng.randrange(scale.people) + 1,
                EMPTY_JSON,
                f"Task {i}",
                f"task {i}",
                rng.choice(dues),
                status,
                rng.choice(ESTIMATES),
                0.8,
                EMPTY_JSON,
                0,
                created,
                updated,
                rng.choice(finished) if status == "done" else None,
            )
        )
    return tuple(columns), rows


def _edges(rng: random.Random, now: datetime, scale: Scale) -> Rows:
    columns = (
        "id team_id program_id upstream_item_id downstream_item_id status description created_at"
    ).split()
    rows = []
    for e in range(scale.edges):
        up = rng.randrange(1, scale.items - 10)
        down = rng.randrange(up + 1, min(up + 5_000, scale.items) + 1)
        rows.append((e + 1, TEAM, 1, up, down, rng.choice(EDGE_STATUSES), "", _naive(now)))
    return tuple(columns), rows


def _history(rng: random.Random, now: datetime, today: date, scale: Scale) -> Rows:
    columns = "id team_id item_id field old_value new_value changed_by changed_at".split()
    rows = []
    for n, item_id in enumerate(rng.sample(range(1, scale.items + 1), scale.redates)):
        old = today + timedelta(days=rng.randint(-40, 20))
        new = old + timedelta(days=rng.randint(1, 14))
        changed = _naive(now - timedelta(days=rng.randint(0, 20)))
        rows.append(
            (n + 1, TEAM, item_id, "due_date", old.isoformat(), new.isoformat(), "notes", changed)
        )
    return tuple(columns), rows


def _copy(connection: Connection, table: str, columns: tuple[str, ...], rows: list) -> None:
    """One COPY per table: an INSERT per row would take minutes at 200,000 items."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _write(connection: Connection, table: str, rows: Rows) -> None:
    columns, values = rows
    if not values:
        return
    if connection.dialect.name == "postgresql":
        _copy(connection, table, columns, values)
    else:
        marks = ", ".join("?" for _ in columns)
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        connection.exec_driver_sql(statement, [tuple(map(_sqlite, row)) for row in values])


def _sqlite(value: Any) -> Any:
    """Times as SQLAlchemy's SQLite types write them, so range filters compare alike."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def generate(
    engine: Engine, *, today: date, now: datetime, seed: int = 7, items: int = ITEMS
) -> None:
    rng, scale = random.Random(seed), Scale(items)
    with Session(engine) as session:
        session.add(Workspace(team_id=TEAM, name="bench", created_at=now))
        session.flush()
        session.add(
            Program(
                id=1,
                team_id=TEAM,
                name="Bench",
                digest_channel="CBENCH",
                timezone="UTC",
                created_at=now,
            )
        )
        session.commit()
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # The rows are consistent by construction; checking 200,000 foreign keys
            # one trigger call at a time would cost more than the COPY itself.
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table, rows in (
            ("person", _people(rng, now, scale)),
            ("project", _projects(rng, today, now, scale)),
            ("action_item", _items(rng, today, now, scale)),
            ("dependency", _edges(rng, now, scale)),
            ("item_history", _history(rng, now, today, scale)),
        ):
            _write(connection, table, rows)
    if engine.dialect.name == "postgresql":
        _reset_sequences(engine)


def _reset_sequences(engine: Engine) -> None:
    """COPY with explicit ids leaves the sequences behind; later inserts need them ahead."""
    with engine.begin() as connection:
        for table in ("person", "project", "action_item", "dependency", "item_history", "program"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.exec_driver_sql(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")
        connection.exec_driver_sql("ANALYZE")
