"""'blocked by X' lands on the open item X names, the critical path and slip alerts
follow that edge, and only words that name no item fall back to a project (issue 11.6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.views.items import describe, item_blocks
from coordination.analysis import critical_path
from coordination.dependencies.slip_alerts import due_slip_alerts
from coordination.ingest.service import ingest_text
from coordination.items import actions as item_actions
from coordination.items.views import view_items
from coordination.program_view.facts import load_program_facts
from extractors.rules import RulesExtractor
from storage.db import session_scope
from storage.models import ActionItem, Dependency
from storage.people import add_person
from storage.programs import add_program, add_project, get_program
from storage.workspaces import ensure_workspace

MONDAY = date(2026, 11, 16)
SET_UP = datetime(2026, 11, 1, tzinfo=UTC)
API = "- Ana to ship the invoicing API by Friday\n"
CHECKOUT = "- Ben: Build the mobile checkout screen by 2026-11-26, blocked by the invoicing API\n"


def _setup(engine: Engine) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=SET_UP)
        program = add_program(session, team_id="T1", name="Atlas", now=SET_UP)
        for name in ("Ana", "Ben"):
            add_person(
                session, team_id="T1", display_name=name, slack_user_id=f"U{name}", now=SET_UP
            )
        add_project(
            session,
            team_id="T1",
            program_id=program.id,
            name="Billing",
            aliases=["invoicing"],
            now=SET_UP,
        )
        add_project(session, team_id="T1", program_id=program.id, name="Mobile", now=SET_UP)


def _ingest(engine: Engine, lines: str, day: date = MONDAY, project: str | None = None):
    return ingest_text(
        engine,
        team_id="T1",
        program_name="Atlas",
        text="## Action items\n" + lines,
        extractor=RulesExtractor(),
        now=datetime.combine(day, time(18), tzinfo=UTC),
        meeting_date=day,
        project_name=project,
    )


def _item_id(session: Session, task: str) -> int:
    return session.exec(select(ActionItem.id).where(ActionItem.task == task)).one()


def _edges(engine: Engine) -> list[tuple[int | None, int | None, int | None, str]]:
    with Session(engine) as session:
        rows = session.exec(select(Dependency).order_by(Dependency.id)).all()
    return [
        (e.upstream_item_id, e.upstream_project_id, e.downstream_item_id, e.status) for e in rows
    ]


def _ids(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        api = _item_id(session, "Ship the invoicing API")
        checkout = _item_id(session, "Build the mobile checkout screen")
    return api, checkout


def _assert_the_chain_follows_the_item_edge(engine: Engine) -> None:
    api, checkout = _ids(engine)
    assert _edges(engine) == [(api, None, checkout, "blocked")]
    with Session(engine) as session:
        program = get_program(session, team_id="T1", name="Atlas")
        facts = load_program_facts(session, program=program)
        path = critical_path(facts.items, facts.edges, MONDAY)
        wednesday_after = datetime(2026, 11, 25, 10, tzinfo=UTC)
        [alert] = due_slip_alerts(session, program=program, now=wednesday_after)
    assert path.item_ids == (api, checkout)
    assert (alert.slack_user_id, alert.upstream, alert.downstream) == (
        "UBen",
        "'Ship the invoicing API'",
        "'Build the mobile checkout screen'",
    )
    assert (alert.finish, alert.days_late) == (date(2026, 11, 26), 1)


def test_blocked_by_in_the_same_notes_lands_on_the_item_not_its_project(engine: Engine) -> None:
    _setup(engine)
    report = _ingest(engine, API + CHECKOUT)
    assert report.warnings == []
    _assert_the_chain_follows_the_item_edge(engine)


def test_blocked_by_in_later_notes_lands_on_the_item(engine: Engine) -> None:
    _setup(engine)
    _ingest(engine, API, project="Billing")
    _ingest(engine, CHECKOUT, day=MONDAY + timedelta(days=1), project="Mobile")
    _assert_the_chain_follows_the_item_edge(engine)


def test_words_that_name_no_item_yet_move_to_the_item_when_restated(engine: Engine) -> None:
    _setup(engine)
    first = _ingest(engine, CHECKOUT.replace("the invoicing API", "the tax tables"))
    assert any("names no open item or project" in w for w in first.warnings)
    later = CHECKOUT.replace("the invoicing API", "the tax tables")
    _ingest(engine, "- Ana to load the tax tables\n" + later, day=MONDAY + timedelta(days=1))
    with Session(engine) as session:
        tables = _item_id(session, "Load the tax tables")
        checkout = _item_id(session, "Build the mobile checkout screen")
    assert _edges(engine) == [(tables, None, checkout, "blocked")]


def test_with_no_item_named_the_project_named_by_alias_is_the_upstream(engine: Engine) -> None:
    _setup(engine)
    _ingest(engine, CHECKOUT.replace("the invoicing API", "the invoicing rework"))
    with Session(engine) as session:
        billing = session.exec(select(Dependency.upstream_project_id)).one()
    assert billing is not None and _edges(engine)[0][0] is None


def test_a_tie_between_two_items_links_neither(engine: Engine) -> None:
    _setup(engine)
    lines = "- Ana to write the API docs\n- Ana to test the API docs\n"
    report = _ingest(engine, lines + CHECKOUT.replace("the invoicing API", "the API docs"))
    assert [(up, project) for up, project, _, _ in _edges(engine)] == [(None, None)]
    assert any("names no open item or project" in w for w in report.warnings)


def test_a_dependency_on_a_project_by_its_name_stays_on_the_project(engine: Engine) -> None:
    _setup(engine)
    lines = "- Ana to set up Billing alerts\n"
    _ingest(engine, lines + CHECKOUT.replace("the invoicing API", "the Billing team"))
    [(up_item, up_project, _, _)] = _edges(engine)
    assert up_item is None and up_project is not None


def test_the_item_message_says_what_it_waits_on(engine: Engine) -> None:
    _setup(engine)
    _ingest(engine, API, project="Billing")
    _ingest(engine, CHECKOUT, day=MONDAY + timedelta(days=1), project="Mobile")
    api, checkout = _ids(engine)
    with Session(engine) as session:
        [view] = view_items(session, [session.get(ActionItem, checkout)])
        with session_scope(engine) as done:
            item_actions.mark_done(done, team_id="T1", item_id=api, actor="cli", now=SET_UP)
        [after] = view_items(session, [session.get(ActionItem, checkout)])
    assert view.waits_on == (f"#{api} Ship the invoicing API (Billing)",)
    assert f"waits on #{api} Ship the invoicing API (Billing)" in describe(view)
    assert after.waits_on == ()


def test_an_item_shown_outside_its_thread_carries_the_sentence_it_came_from(
    engine: Engine,
) -> None:
    _setup(engine)
    _ingest(engine, API, project="Billing")
    _ingest(engine, CHECKOUT, day=MONDAY + timedelta(days=1), project="Mobile")
    _, checkout = _ids(engine)
    with Session(engine) as session:
        [view] = view_items(session, [session.get(ActionItem, checkout)])
    said = "Ben: Build the mobile checkout screen by 2026-11-26, blocked by the invoicing API"
    assert view.task == "Build the mobile checkout screen"
    assert view.quote == said
    [shown, _] = item_blocks(view)
    assert shown["text"]["text"].endswith(f"\n> _{said}_")
    [fresh, _] = item_blocks(view, review=True)
    assert said not in fresh["text"]["text"]
