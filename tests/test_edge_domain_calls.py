"""The domain functions the edges call instead of storage (issue 15): what they refuse,
and that a refusal writes nothing. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine
from sqlmodel import select

from coordination.db import session_scope
from coordination.errors import UserError
from coordination.items.lookup import items_asked_for, require_item
from coordination.programs.people import store_slack_person
from coordination.programs.records import Person, Program
from coordination.programs.service import (
    create_person,
    create_program,
    create_project,
    require_program,
)
from storage.items import add_item

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def _atlas(engine: Engine) -> int:
    with session_scope(engine) as session:
        program = create_program(session, team_id="T1", now=NOW, name="Atlas")
        create_project(session, team_id="T1", program_id=program.id, now=NOW, name="Billing")
        ana = create_person(session, team_id="T1", now=NOW, display_name="Ana")
        add_item(
            session,
            team_id="T1",
            now=NOW,
            program_id=program.id,
            task="Send the plan",
            task_key="send plan",
            owner_id=ana.id,
        )
        return program.id


def test_a_program_or_person_of_a_taken_name_is_refused_and_not_added(engine: Engine) -> None:
    _atlas(engine)
    taken = pytest.raises(UserError, match="program 'Atlas' already exists")
    with taken, session_scope(engine) as session:
        create_program(session, team_id="T1", now=NOW, name="Atlas")
    taken = pytest.raises(UserError, match="person 'Ana' already exists")
    with taken, session_scope(engine) as session:
        create_person(session, team_id="T1", now=NOW, display_name="Ana")
    with session_scope(engine) as session:
        assert len(session.exec(select(Program)).all()) == 1
        assert len(session.exec(select(Person)).all()) == 1


def test_an_unknown_program_is_refused_with_the_names_that_exist(engine: Engine) -> None:
    _atlas(engine)
    with session_scope(engine) as session, pytest.raises(UserError, match=r"known: Atlas"):
        require_program(session, team_id="T1", name="Apollo")


@pytest.mark.parametrize(
    ("filters", "refusal"),
    [({"owner": "Zed"}, "unknown person 'Zed'"), ({"project": "Nope"}, "unknown project 'Nope'")],
)
def test_items_asked_for_by_an_unknown_name_are_refused(
    engine: Engine, filters: dict[str, str], refusal: str
) -> None:
    _atlas(engine)
    with session_scope(engine) as session, pytest.raises(UserError, match=refusal):
        items_asked_for(session, team_id="T1", program="Atlas", **filters)


def test_items_asked_for_by_owner_name_are_that_owners(engine: Engine) -> None:
    _atlas(engine)
    with session_scope(engine) as session:
        create_person(session, team_id="T1", now=NOW, display_name="Ben")
    with session_scope(engine) as session:
        ana = items_asked_for(session, team_id="T1", owner="Ana")
        ben = items_asked_for(session, team_id="T1", owner="Ben")
    assert [view.task for view in ana] == ["Send the plan"]
    assert ben == []


def test_an_item_of_another_workspace_does_not_exist(engine: Engine) -> None:
    _atlas(engine)
    with session_scope(engine) as session:
        item_id = items_asked_for(session, team_id="T1")[0].id
        assert require_item(session, team_id="T1", item_id=item_id).task == "Send the plan"
        with pytest.raises(UserError, match=f"item #{item_id} does not exist"):
            require_item(session, team_id="T2", item_id=item_id)


def test_a_slack_user_named_like_someone_from_notes_becomes_that_person(engine: Engine) -> None:
    _atlas(engine)
    with session_scope(engine) as session:
        ana = store_slack_person(
            session, team_id="T1", user_id="U1", name="Ana", timezone="Europe/Lisbon", now=NOW
        )
        other = store_slack_person(
            session, team_id="T1", user_id="U2", name="Ana", timezone="UTC", now=NOW
        )
    assert (ana.display_name, ana.slack_user_id, ana.timezone) == ("Ana", "U1", "Europe/Lisbon")
    assert other.display_name == "Ana (U2)"
