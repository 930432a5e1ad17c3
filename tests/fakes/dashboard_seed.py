"""A small program with friction in every picture, for the dashboard's tests.

Warehouse is off track (three overdue items), Mobile waits on it through a blocked
dependency, Ana is over capacity this week, and one item's task carries a <script>
tag from the notes, which must show as text everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine

from storage.db import session_scope
from storage.models import ActionItem, Dependency, Risk, Source
from tests.fakes.program_seed import CREATED, Seed

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
TODAY = NOW.date()
SCRIPT_TASK = "Sign the <script>window.__pwned = 1</script> vendor contract"
PERMALINK = "https://acme.slack.com/archives/C1/p1795000000000100"
NOTES = (
    "# Sync\n\n## Action items\n"
    "- Ana to sign the <script>window.__pwned = 1</script> vendor contract by Friday\n"
    "- Ben to build checkout\n"
)


@dataclass(frozen=True)
class Seeded:
    seed: Seed
    program_id: int
    script_item_id: int
    blocked_item_id: int


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def seed_friction(engine: Engine, *, team_id: str = "T1", program: str = "Launch") -> Seeded:
    seed = Seed(engine, team_id=team_id)
    if program != "Launch":
        seed.update_program(name=program)
    ana = seed.person("Ana Lima", f"UANA{team_id}", weekly_capacity_days=1.0)
    ben = seed.person("Ben Ode", f"UBEN{team_id}")
    billing = seed.project("Billing", ana, start_date=_day(-20), end_date=_day(20))
    mobile = seed.project("Mobile", ben, start_date=_day(-10), end_date=_day(30))
    warehouse = seed.project("Warehouse", ana, start_date=_day(-30), end_date=_day(15))
    with session_scope(engine) as session:
        source = Source(
            team_id=team_id,
            program_id=seed.program.id,
            kind="thread",
            permalink=PERMALINK,
            title="sync",
            occurred_at=NOW - timedelta(days=2),
            content_hash=f"hash-{team_id}",
            text=NOTES,
            created_at=CREATED,
        )
        session.add(source)
        session.flush()
        source_id = source.id
    for n in range(3):
        seed.item(f"Migrate table {n}", ana, _day(-3 - n), project_id=warehouse.id)
    script = seed.item(
        SCRIPT_TASK,
        ana,
        _day(1),
        project_id=billing.id,
        source_id=source_id,
        evidence_start=4,
        evidence_end=4,
    )
    checkout = seed.item("Build checkout", ben, _day(1), project_id=mobile.id)
    notes = seed.item("Write release notes", ana, _day(2), project_id=mobile.id)
    seed.redate(notes, _day(-1), _day(2), NOW - timedelta(days=1), changed_by="notes")
    with session_scope(engine) as session:
        session.add(
            Dependency(
                team_id=team_id,
                program_id=seed.program.id,
                upstream_project_id=warehouse.id,
                downstream_item_id=checkout.id,
                status="blocked",
                created_at=CREATED,
            )
        )
        session.add(
            Risk(
                team_id=team_id,
                program_id=seed.program.id,
                title="Vendor contract unsigned",
                explanation="Legal has not replied.",
                likelihood=4,
                impact=4,
                previous_score=9,
                created_at=CREATED,
                updated_at=CREATED,
            )
        )
    return Seeded(seed, seed.program.id, script.id, checkout.id)


def add_items(engine: Engine, seeded: Seeded, count: int) -> None:
    """More of the same, to show that a page's cost does not grow with the program."""
    with session_scope(engine) as session:
        for n in range(count):
            session.add(
                ActionItem(
                    team_id=seeded.seed.team_id,
                    program_id=seeded.program_id,
                    task=f"Filler {n}",
                    task_key=f"filler {n}",
                    due_date=_day(n % 20),
                    created_at=CREATED,
                    updated_at=CREATED,
                )
            )
