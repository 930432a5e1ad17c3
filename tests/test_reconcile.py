"""Reconcile keeps different items apart and merges only true restatements, on SQLite
and PostgreSQL (issue 16.2)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from coordination.ingest.offered import Offer, track_offer
from coordination.ingest.service import ingest_text
from coordination.ingest.text_match import same_task
from extractors.rules import RulesExtractor
from storage.db import session_scope
from storage.models import ActionItem, ItemHistory
from storage.people import add_person
from storage.programs import add_program, get_program
from storage.workspaces import ensure_workspace

MONDAY = date(2026, 11, 23)
SET_UP = datetime(2026, 11, 1, tzinfo=UTC)
PEOPLE = ["Ana", "Ben", "Cy"]


def _setup(engine: Engine, people: list[str] = PEOPLE) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=SET_UP)
        add_program(session, team_id="T1", name="Atlas", now=SET_UP)
        for name in people:
            add_person(session, team_id="T1", display_name=name, now=SET_UP)


def _ingest(engine: Engine, text: str, day: date = MONDAY):
    return ingest_text(
        engine,
        team_id="T1",
        program_name="Atlas",
        text=text,
        extractor=RulesExtractor(),
        now=datetime.combine(day, time(18), tzinfo=UTC),
        meeting_date=day,
    )


def _items(engine: Engine) -> list[tuple[str, str]]:
    with Session(engine) as session:
        rows = session.exec(select(ActionItem).order_by(ActionItem.id)).all()
    return [(item.task, item.owner_names[0]) for item in rows]


def _actions(lines: list[str]) -> str:
    return "## Action items\n" + "".join(f"- {line}\n" for line in lines)


def test_three_owners_with_numbered_tasks_get_three_items_and_keep_them(engine: Engine) -> None:
    _setup(engine)
    lines = [f"{owner} to deliver widget {n} report" for n, owner in enumerate(PEOPLE)]
    first = _ingest(engine, _actions(lines))
    later = _ingest(engine, _actions([f"{line} by Friday" for line in lines]), date(2026, 11, 30))
    assert (len(first.created), len(later.updated), len(later.created)) == (3, 3, 0)
    assert _items(engine) == [
        ("Deliver widget 0 report", "Ana"),
        ("Deliver widget 1 report", "Ben"),
        ("Deliver widget 2 report", "Cy"),
    ]


def test_thirty_numbered_lines_are_thirty_items(engine: Engine) -> None:
    _setup(engine)
    lines = [f"{PEOPLE[n % 3]} to deliver widget {n} report" for n in range(30)]
    report = _ingest(engine, _actions(lines))
    again = _ingest(engine, _actions(lines) + "- Ana to file the summary\n", date(2026, 11, 30))
    assert (len(report.created), len(again.created), len(again.unchanged)) == (30, 1, 30)
    assert len({task for task, _ in _items(engine)}) == 31


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Fix ABC-12 login bug", "Fix ABC-13 login bug"),
        ("Review #34", "Review #35"),
        ("Ship version 2.1 of the API", "Ship version 2.2 of the API"),
        ("Update config.yaml", "Update settings.yaml"),
        ("Call Acme about the contract", "Call Globex about the contract"),
    ],
)
def test_tasks_differing_in_an_identifier_or_name_stay_two_items(
    engine: Engine, first: str, second: str
) -> None:
    """The second line comes in later notes, where only reconcile can tell them apart."""
    _setup(engine)
    _ingest(engine, _actions([f"Ana to {first[0].lower()}{first[1:]}"]))
    report = _ingest(
        engine, _actions([f"Ana to {second[0].lower()}{second[1:]}"]), date(2026, 12, 1)
    )
    assert [item.task for item in report.created] == [second]
    assert _items(engine) == [(first, "Ana"), (second, "Ana")]


def test_a_restatement_by_the_same_owner_updates_the_date_with_history(engine: Engine) -> None:
    _setup(engine)
    _ingest(engine, _actions(["Ana to ship the API by Friday"]))
    report = _ingest(engine, _actions(["Ana: Ship the API (by Dec 4)"]), date(2026, 11, 30))
    assert [item.task for item in report.updated] == ["Ship the API"]
    with Session(engine) as session:
        item = session.exec(select(ActionItem)).one()
        moved = session.exec(select(ItemHistory).where(ItemHistory.field == "due_date")).one()
    assert (item.due_date, moved.old_value, moved.new_value) == (
        date(2026, 12, 4),
        "2026-11-27",
        "2026-12-04",
    )


def test_an_owner_known_only_by_name_matches_its_restatement(engine: Engine) -> None:
    _setup(engine, people=["Ana"])
    _ingest(engine, _actions(["Dee to write the migration guide"]))
    report = _ingest(
        engine, _actions(["Dee to write the migration guide by Friday"]), date(2026, 11, 30)
    )
    again = _ingest(engine, _actions(["Eve to write the migration guide"]), date(2026, 12, 1))
    assert (len(report.updated), len(again.created)) == (1, 1)
    assert _items(engine) == [
        ("Write the migration guide", "Dee"),
        ("Write the migration guide", "Eve"),
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("ship the API by Friday", "Ship the API (by Dec 4)", True),
        ("Update the Runbook", "update the runbook", True),
        ("Build checkout, blocked by the API", "Build checkout", True),
        ("Send the deck by 2026-12-04", "Send the deck by 12/11", True),
        ("Deliver widget 0 report", "Deliver widget 1 report", False),
        ("Send the deck to Ana", "Send the deck to Ben", False),
        ("Ship v2.1", "Ship v2.10", False),
        ("Finish the plan by Q3", "Finish the plan by Q4", True),
        ("Finish the Q3 plan", "Finish the Q4 plan", False),
    ],
)
def test_same_task_ignores_dates_and_case_but_not_marks(a: str, b: str, same: bool) -> None:
    assert same_task(a, b) is same


def test_a_tracked_offer_is_new_unless_the_same_owner_has_the_same_task(engine: Engine) -> None:
    _setup(engine)
    _ingest(engine, _actions(["Ana to deliver widget 0 report"]))
    offers = [
        Offer("Deliver widget 1 report", "Ana", None, None, None),
        Offer("Deliver widget 0 report", "Ben", None, None, None),
        Offer("Deliver widget 0 report", "Ana", None, None, None),
    ]
    with session_scope(engine) as session:
        program = get_program(session, team_id="T1", name="Atlas")
        tracked = [
            track_offer(session, program=program, offer=o, actor="slack:UANA", now=SET_UP)[1]
            for o in offers
        ]
    assert tracked == [True, True, False]
