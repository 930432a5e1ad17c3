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

from sqlalchemy import Connection, Engine, Table, insert
from sqlmodel import Session

from storage.models import ActionItem, Dependency, ItemHistory, Person, Program, Project, Workspace

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


def _people(rng: random.Random, now: datetime, scale: Scale) -> list[dict]:
    zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC"]
    return [
        {
            "id": p + 1,
            "team_id": TEAM,
            "display_name": f"Person {p}",
            "slack_user_id": f"U{p:06d}",
            "aliases": [],
            "timezone": rng.choice(zones),
            "work_start": time(9),
            "work_end": time(18),
            "working_days": [0, 1, 2, 3, 4],
            "weekly_capacity_days": 5.0,
            "created_at": now,
        }
        for p in range(scale.people)
    ]


def _projects(rng: random.Random, today: date, now: datetime, scale: Scale) -> list[dict]:
    return [
        {
            "id": p + 1,
            "team_id": TEAM,
            "program_id": 1,
            "name": f"Project {p}",
            "aliases": [],
            "lead_id": rng.randrange(scale.people) + 1,
            "start_date": today - timedelta(days=rng.randint(0, 120)),
            "end_date": today + timedelta(days=rng.randint(10, 200)),
            "budget_planned": 100_000.0,
            "budget_spent": rng.uniform(20_000, 130_000),
            "created_at": now,
        }
        for p in range(scale.projects)
    ]


def _items(rng: random.Random, today: date, now: datetime, scale: Scale) -> list[dict]:
    rows = []
    for i in range(scale.items):
        status = rng.choices(["open", "done", "cancelled"], weights=[70, 27, 3])[0]
        due = today + timedelta(days=rng.randint(-30, 60))
        rows.append(
            {
                "id": i + 1,
                "team_id": TEAM,
                "program_id": 1,
                "project_id": i % scale.projects + 1,
                "owner_id": rng.randrange(scale.people) + 1,
                "owner_names": [],
                "task": f"Task {i}",
                "task_key": f"task {i}",
                "due_date": due,
                "status": status,
                "estimate_days": rng.choice([None, 0.5, 1.0, 2.0, 3.0]),
                "confidence": 0.8,
                "flags": [],
                "nudge_count": 0,
                "created_at": now - timedelta(days=40),
                "updated_at": now,
                "completed_at": now - timedelta(days=rng.randint(0, 30))
                if status == "done"
                else None,
            }
        )
    return rows


def _edges(rng: random.Random, now: datetime, scale: Scale) -> list[dict]:
    rows = []
    for e in range(scale.edges):
        up = rng.randrange(1, scale.items - 10)
        rows.append(
            {
                "id": e + 1,
                "team_id": TEAM,
                "program_id": 1,
                "upstream_item_id": up,
                "downstream_item_id": rng.randrange(up + 1, min(up + 5_000, scale.items) + 1),
                "status": rng.choices(["open", "blocked", "resolved"], weights=[80, 5, 15])[0],
                "description": "",
                "created_at": now,
            }
        )
    return rows


def _history(rng: random.Random, now: datetime, today: date, scale: Scale) -> list[dict]:
    rows = []
    for n, item_id in enumerate(rng.sample(range(1, scale.items + 1), scale.redates)):
        old = today + timedelta(days=rng.randint(-40, 20))
        rows.append(
            {
                "id": n + 1,
                "team_id": TEAM,
                "item_id": item_id,
                "field": "due_date",
                "old_value": old.isoformat(),
                "new_value": (old + timedelta(days=rng.randint(1, 14))).isoformat(),
                "changed_by": "notes",
                "changed_at": now - timedelta(days=rng.randint(0, 20)),
            }
        )
    return rows


def _copy_value(value: Any) -> Any:
    """COPY takes what the ORM's column types would have sent: JSON as text, naive UTC."""
    if isinstance(value, list):
        return json.dumps(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _copy(connection: Connection, table: Table, rows: list[dict]) -> None:
    """One COPY per table: an INSERT per row would take minutes at 200,000 items."""
    columns = list(rows[0])
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([_copy_value(row[c]) for c in columns])


def _write(connection: Connection, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _copy(connection, table, rows)
    else:
        connection.execute(insert(table), rows)


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
        for model, rows in (
            (Person, _people(rng, now, scale)),
            (Project, _projects(rng, today, now, scale)),
            (ActionItem, _items(rng, today, now, scale)),
            (Dependency, _edges(rng, now, scale)),
            (ItemHistory, _history(rng, now, today, scale)),
        ):
            _write(connection, model.__table__, rows)  # type: ignore[attr-defined]
    if engine.dialect.name == "postgresql":
        _reset_sequences(engine)


def _reset_sequences(engine: Engine) -> None:
    """COPY with explicit ids leaves the sequences behind; later inserts need them ahead."""
    with engine.begin() as connection:
        for table in ("person", "project", "action_item", "dependency", "item_history", "program"):
            sequence = f"pg_get_serial_sequence('{table}', 'id')"
            connection.exec_driver_sql(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))")
        connection.exec_driver_sql("ANALYZE")
