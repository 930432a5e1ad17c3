"""Risk and dependency registers against real storage (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from coordination.analysis import DerivedRisk, NodeRef
from coordination.dependencies.register import add_dependency, parse_node
from coordination.errors import UserError
from coordination.program_view.view import build_program_view
from coordination.risks.register import add_risk, refresh_derived_risks, update_risk
from storage.db import session_scope
from storage.models import ActionItem, Program, Risk
from storage.programs import add_program, add_project
from storage.workspaces import ensure_workspace

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def _program(session: Session) -> Program:
    ensure_workspace(session, team_id="T1", now=NOW)
    program = add_program(session, team_id="T1", name="Atlas", now=NOW)
    add_project(session, team_id="T1", program_id=program.id, name="Billing", now=NOW)
    add_project(session, team_id="T1", program_id=program.id, name="Mobile", now=NOW)
    return program


def _item(session: Session, program: Program, project: str, task: str) -> ActionItem:
    project_id = parse_node(session, program=program, text=project).id
    item = ActionItem(
        team_id="T1",
        program_id=program.id,
        project_id=project_id,
        task=task,
        task_key=task.lower(),
        due_date=date(2026, 11, 20),
        created_at=NOW,
        updated_at=NOW,
    )
    session.add(item)
    session.flush()
    return item


def test_dependency_closing_a_cycle_is_refused_with_the_cycle_named(engine: Engine) -> None:
    with session_scope(engine) as session:
        program = _program(session)
        checkout = _item(session, program, "Mobile", "Build checkout")
        billing = parse_node(session, program=program, text="Billing")
        add_dependency(
            session,
            program=program,
            now=NOW,
            upstream=billing,
            downstream=NodeRef.item(checkout.id),
        )
        with pytest.raises(UserError, match=r"closes a cycle: .*Billing.*checkout.*Mobile"):
            add_dependency(
                session,
                program=program,
                now=NOW,
                upstream=parse_node(session, program=program, text="Mobile"),
                downstream=billing,
            )


def test_unknown_dependency_end_is_refused_clearly(engine: Engine) -> None:
    with session_scope(engine) as session:
        program = _program(session)
        with pytest.raises(UserError, match="neither an item"):
            parse_node(session, program=program, text="Search")
        with pytest.raises(UserError, match="item #999 is not in program"):
            parse_node(session, program=program, text="#999")


def _derived(likelihood: int) -> DerivedRisk:
    return DerivedRisk(
        key="slip:1",
        kind="slip",
        title="Billing slip hits Mobile",
        explanation="2 items late",
        likelihood=likelihood,
        impact=3,
    )


def test_derived_risks_are_refreshed_in_place_and_resolved_when_gone(engine: Engine) -> None:
    with session_scope(engine) as session:
        program = _program(session)
        created = refresh_derived_risks(session, program=program, derived=[_derived(2)], now=NOW)
        assert len(created) == 1
        assert refresh_derived_risks(session, program=program, derived=[_derived(4)], now=NOW) == []
        risk = session.exec(select(Risk)).one()
        assert (risk.likelihood * risk.impact, risk.previous_score) == (12, 6)
        refresh_derived_risks(session, program=program, derived=[], now=NOW)
        assert session.exec(select(Risk)).one().status == "resolved"
        refresh_derived_risks(session, program=program, derived=[_derived(4)], now=NOW)
        assert session.exec(select(Risk)).one().status == "open"


def test_a_derived_risk_rises_once_and_stays_closed_when_a_person_closed_it(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        program = _program(session)
        refresh_derived_risks(session, program=program, derived=[_derived(2)], now=NOW)
        refresh_derived_risks(session, program=program, derived=[_derived(4)], now=NOW)
        rising_now = [
            r.reason
            for r in build_program_view(
                session, program=program, today=NOW.date(), now=NOW + timedelta(days=30)
            ).risks
        ]
        refresh_derived_risks(session, program=program, derived=[_derived(4)], now=NOW)
        steady = build_program_view(
            session, program=program, today=NOW.date(), now=NOW + timedelta(days=30)
        ).risks
        risk = session.exec(select(Risk)).one()
        update_risk(session, team_id="T1", risk_id=risk.id, status="closed", now=NOW)
        refresh_derived_risks(session, program=program, derived=[_derived(5)], now=NOW)
        assert session.exec(select(Risk)).one().status == "closed"
    assert rising_now == ["rising"]
    assert steady == []


def test_rescored_manual_risk_shows_as_rising_in_the_program_view(engine: Engine) -> None:
    with session_scope(engine) as session:
        program = _program(session)
        risk = add_risk(
            session,
            program=program,
            title="Vendor unsigned",
            likelihood=2,
            impact=2,
            now=NOW - timedelta(days=30),
        )
        update_risk(session, team_id="T1", risk_id=risk.id, impact=5, now=NOW)
        view = build_program_view(session, program=program, today=NOW.date(), now=NOW)
    assert [(r.title, r.score, r.reason) for r in view.risks] == [("Vendor unsigned", 10, "rising")]


def test_risk_scores_outside_one_to_five_are_refused(engine: Engine) -> None:
    with session_scope(engine) as session:
        program = _program(session)
        with pytest.raises(UserError, match="1 \\(low\\) to 5"):
            add_risk(session, program=program, title="x", likelihood=6, impact=1, now=NOW)
