"""Writes a synthetic program at the issue's scale into a real database.

200 projects, 2,000 people, 50,000 items, 5,000 dependencies, with due-date history,
fixed seed. Dependencies point forward (by item id) so the graph is acyclic, as it is
once cycle checks guard every new edge.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, insert
from sqlmodel import Session

from storage.models import ActionItem, Dependency, ItemHistory, Person, Program, Project, Workspace

TEAM = "TBENCH"
PROJECTS, PEOPLE, ITEMS, EDGES = 200, 2_000, 50_000, 5_000


def _people(rng: random.Random, now: datetime) -> list[dict]:
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
        for p in range(PEOPLE)
    ]


def _projects(rng: random.Random, today: date, now: datetime) -> list[dict]:
    return [
        {
            "id": p + 1,
            "team_id": TEAM,
            "program_id": 1,
            "name": f"Project {p}",
            "aliases": [],
            "lead_id": rng.randrange(PEOPLE) + 1,
            "start_date": today - timedelta(days=rng.randint(0, 120)),
            "end_date": today + timedelta(days=rng.randint(10, 200)),
            "budget_planned": 100_000.0,
            "budget_spent": rng.uniform(20_000, 130_000),
            "created_at": now,
        }
        for p in range(PROJECTS)
    ]


def _items(rng: random.Random, today: date, now: datetime) -> list[dict]:
    rows = []
    for i in range(ITEMS):
        status = rng.choices(["open", "done", "cancelled"], weights=[70, 27, 3])[0]
        due = today + timedelta(days=rng.randint(-30, 60))
        rows.append(
            {
                "id": i + 1,
                "team_id": TEAM,
                "program_id": 1,
                "project_id": i % PROJECTS + 1,
                "owner_id": rng.randrange(PEOPLE) + 1,
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


def _edges(rng: random.Random, now: datetime) -> list[dict]:
    rows = []
    for e in range(EDGES):
        up = rng.randrange(1, ITEMS - 10)
        rows.append(
            {
                "id": e + 1,
                "team_id": TEAM,
                "program_id": 1,
                "upstream_item_id": up,
                "downstream_item_id": rng.randrange(up + 1, min(up + 5_000, ITEMS) + 1),
                "status": rng.choices(["open", "blocked", "resolved"], weights=[80, 5, 15])[0],
                "description": "",
                "created_at": now,
            }
        )
    return rows


def _history(rng: random.Random, now: datetime, today: date) -> list[dict]:
    rows = []
    for n, item_id in enumerate(rng.sample(range(1, ITEMS + 1), 5_000)):
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


def generate(engine: Engine, *, today: date, now: datetime, seed: int = 7) -> None:
    rng = random.Random(seed)
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
        session.flush()
        for model, rows in (
            (Person, _people(rng, now)),
            (Project, _projects(rng, today, now)),
            (ActionItem, _items(rng, today, now)),
            (Dependency, _edges(rng, now)),
            (ItemHistory, _history(rng, now, today)),
        ):
            session.execute(insert(model), rows)
        session.commit()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            for table in (
                "person",
                "project",
                "action_item",
                "dependency",
                "item_history",
                "program",
            ):
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                connection.exec_driver_sql(
                    f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"
                )
            connection.exec_driver_sql("ANALYZE")
