"""A query for one workspace never returns another's rows; unique keys hold under races."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage import deliveries
from storage.db import session_scope
from storage.items import ItemFilter, list_items, live_items_by_task_key
from storage.models import ActionItem, Delivery, ProcessedEvent
from storage.people import add_person, get_person_by_name, list_people
from storage.programs import add_program, add_project, find_project, get_program, list_programs
from storage.workspaces import ensure_workspace

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)


def _seed_team(session: Session, team_id: str) -> None:
    ensure_workspace(session, team_id=team_id, now=NOW)
    program = add_program(session, team_id=team_id, name="Launch", now=NOW)
    add_project(session, team_id=team_id, program_id=program.id, name="Billing", now=NOW)
    person = add_person(
        session, team_id=team_id, display_name="Sam", slack_user_id=f"U{team_id}", now=NOW
    )
    session.add(
        ActionItem(
            team_id=team_id,
            program_id=program.id,
            owner_id=person.id,
            task=f"task of {team_id}",
            task_key="shared key",
            due_date=date(2026, 12, 1),
            created_at=NOW,
            updated_at=NOW,
        )
    )


def test_queries_for_one_team_never_return_another_teams_rows(engine: Engine) -> None:
    with session_scope(engine) as session:
        _seed_team(session, "TA")
        _seed_team(session, "TB")
    with Session(engine) as session:
        program = get_program(session, team_id="TA", name="launch")
        assert program is not None and program.team_id == "TA"
        assert [p.team_id for p in list_programs(session, team_id="TA")] == ["TA"]
        assert [p.team_id for p in list_people(session, team_id="TA")] == ["TA"]
        assert get_person_by_name(session, team_id="TA", name="sam").team_id == "TA"
        assert find_project(session, team_id="TA", name="billing").team_id == "TA"
        items = list_items(session, team_id="TA", where=ItemFilter())
        assert [i.task for i in items] == ["task of TA"]
        by_key = live_items_by_task_key(
            session, team_id="TA", program_id=program.id, task_keys=["shared key"]
        )
        assert [i.team_id for i in by_key["shared key"]] == ["TA"]
        assert get_program(session, team_id="TC", name="Launch") is None


def _race(engine: Engine, make_row, contenders: int = 8) -> list[str]:
    """Starts the inserts together so they really overlap on the server."""
    barrier = threading.Barrier(contenders)
    outcomes: list[str] = []

    def attempt() -> None:
        with Session(engine) as session:
            session.add(make_row())
            barrier.wait()
            try:
                session.commit()
                outcomes.append("won")
            except IntegrityError:
                session.rollback()
                outcomes.append("duplicate")

    threads = [threading.Thread(target=attempt) for _ in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize(
    "make_row",
    [
        lambda: Delivery(
            team_id="TA", kind="reminder", target="U1", idempotency_key="k1", claimed_at=NOW
        ),
        lambda: ProcessedEvent(team_id="TA", event_id="Ev1", received_at=NOW),
    ],
    ids=["delivery-key", "event-id"],
)
def test_unique_keys_hold_under_concurrent_inserts_on_postgresql(
    postgres_engine: Engine, make_row
) -> None:
    with session_scope(postgres_engine) as session:
        ensure_workspace(session, team_id="TA", now=NOW)
    outcomes = _race(postgres_engine, make_row)
    assert sorted(outcomes) == ["duplicate"] * 7 + ["won"]


def test_taking_over_an_expired_claim_counts_one_attempt(engine: Engine) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="TA", now=NOW)
        deliveries.claim(
            session,
            team_id="TA",
            key="k",
            kind="digest",
            target="C1",
            subject="",
            payload={},
            now=NOW,
        )
    with Session(engine, expire_on_commit=False) as session:
        [taken] = deliveries.take_over_expired(session, now=NOW + timedelta(minutes=5))
    assert taken.attempts == 1
    with Session(engine) as session:
        assert session.exec(select(Delivery)).one().attempts == 1
