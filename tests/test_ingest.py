"""Ingest end to end: extract, reconcile and store, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from cli.main import main
from coordination.ingest.extraction import build_extractor
from coordination.ingest.service import SourceMeta, ingest_text
from coordination.settings import Settings
from extractors.models import ExtractionRequest
from extractors.rules import RulesExtractor
from storage.db import get_engine, session_scope
from storage.models import ActionItem, Dependency, ItemHistory, Risk, Source
from storage.people import add_person
from storage.programs import add_program
from storage.workspaces import ensure_workspace
from tests.fakes.openai_server import answer, fake_openai_server, recording, server_error

THREAD = "Ana: I'll send the rollout plan by Friday\nBen: I will book the load test\n"
MONDAY = date(2026, 11, 23)
SET_UP = datetime(2026, 11, 1, tzinfo=UTC)


def _setup(engine: Engine) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=SET_UP)
        add_program(session, team_id="T1", name="Atlas", now=SET_UP)
        add_person(
            session,
            team_id="T1",
            display_name="Ana Lima",
            aliases=["Ana"],
            slack_user_id="UANA",
            now=SET_UP,
        )
        add_person(session, team_id="T1", display_name="Ben Ode", aliases=["Ben"], now=SET_UP)


def _ingest(engine: Engine, text: str, meta: SourceMeta | None = None, day: date = MONDAY):
    return ingest_text(
        engine,
        team_id="T1",
        program_name="Atlas",
        text=text,
        extractor=RulesExtractor(),
        now=datetime.combine(day, time(18), tzinfo=UTC),
        meeting_date=day,
        meta=meta,
    )


def test_a_thread_that_grew_updates_its_source_and_adds_only_new_items(engine: Engine) -> None:
    _setup(engine)
    thread = SourceMeta(kind="thread", channel_id="C1", thread_ts="1700000000.000100")
    first = _ingest(engine, THREAD, thread)
    grown = _ingest(engine, THREAD + "Ana: I'll update the runbook tomorrow\n", thread)
    assert (len(first.created), len(grown.created), len(grown.unchanged)) == (2, 1, 2)
    assert grown.source_id == first.source_id
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Source)).one() == 1
        assert session.exec(select(func.count()).select_from(ActionItem)).one() == 3
        owners = {i.task: i.owner_id for i in session.exec(select(ActionItem))}
    assert owners["Update the runbook"] is not None


def test_the_same_task_for_another_owner_is_another_item(engine: Engine) -> None:
    """Two people each booking a load test are two commitments; notes never reassign."""
    _setup(engine)
    _ingest(engine, "## Action items\n- Ana to book the load test\n")
    report = _ingest(
        engine, "## Action items\n- Ben to book the load test\n", day=date(2026, 11, 30)
    )
    assert [i.task for i in report.created] == ["Book the load test"]
    with Session(engine) as session:
        owners = sorted(i.owner_names[0] for i in session.exec(select(ActionItem)))
        changes = session.exec(select(ItemHistory).where(ItemHistory.field == "owner")).all()
    assert (owners, changes) == (["Ana", "Ben"], [])


@pytest.fixture
def cli_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ft.db'}")
    monkeypatch.setenv("FOLLOWTHROUGH_MODEL", "gpt-4o-mini")
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    monkeypatch.setenv("FOLLOWTHROUGH_LLM_TIMEOUT", "2")
    (tmp_path / "sync.md").write_text(
        "Weekly sync: Atlas and Beacon\nAttendees: Alice Smith, Bob, Chen\n"
        "- Atlas API: Alice to send the migration plan by Friday\n"
        "- Bob will review the Beacon design doc next week\n"
        "- Chen: update the dashboard, blocked by the Atlas API release\n"
    )
    return tmp_path


def test_extract_with_the_model_uses_its_answer(cli_workspace, monkeypatch, capsys) -> None:
    with fake_openai_server() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        server.enqueue(recording("weekly_sync"))
        assert main(["extract", "sync.md", "--json", "--meeting-date", "2026-11-25"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["task"] == "Send the migration plan"
    assert rows[0]["due"] == "2026-11-27"
    assert len(server.requests) == 1


def test_model_failure_falls_back_to_rules_and_says_so(cli_workspace, monkeypatch, capsys) -> None:
    with fake_openai_server() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        server.enqueue(*[server_error() for _ in range(6)])
        assert main(["extract", "sync.md", "--json", "--meeting-date", "2026-11-25"]) == 0
    captured = capsys.readouterr()
    assert "used the rules extractor" in captured.err
    assert any("migration plan" in row["task"] for row in json.loads(captured.out))


def test_model_requested_without_endpoint_is_a_clear_error(
    cli_workspace, monkeypatch, capsys
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert main(["extract", "sync.md", "--extractor", "llm"]) == 2
    assert "llm extractor is not configured" in capsys.readouterr().err


def test_a_scope_change_in_notes_raises_one_risk_even_when_restated(engine: Engine) -> None:
    _setup(engine)
    remark = "The search feature was descoped from the launch.\n"
    _ingest(engine, "## Action items\n- Ana to book the load test\n" + remark)
    _ingest(engine, "Recap: " + remark.lower(), day=date(2026, 11, 30))
    with Session(engine) as session:
        risks = session.exec(select(Risk)).all()
    assert [(r.origin, r.title) for r in risks] == [
        ("notes:scope_change", "Scope change mentioned for no project")
    ]
    assert "descoped" in risks[0].explanation


def test_a_dependency_restated_by_a_grown_thread_is_stored_once(engine: Engine) -> None:
    _setup(engine)
    thread = SourceMeta(kind="thread", channel_id="C9", thread_ts="1700000000.000900")
    notes = (
        "## Action items\n- Ana to ship the payments API\n"
        "- Ben to build checkout, blocked by the payments API\n"
    )
    _ingest(engine, notes, thread)
    _ingest(engine, notes + "- Ana to update the runbook\n", thread)
    with Session(engine) as session:
        edges = session.exec(select(Dependency)).all()
        api = session.exec(
            select(ActionItem).where(ActionItem.task == "Ship the payments API")
        ).one()
    assert [(e.upstream_item_id, e.status) for e in edges] == [(api.id, "blocked")]


def test_a_dependency_in_notes_that_would_close_a_cycle_is_refused_with_a_warning(
    engine: Engine,
) -> None:
    _setup(engine)
    _ingest(
        engine,
        "## Action items\n- Ana to ship the payments API, blocked by the checkout build\n"
        "- Ben to do the checkout build\n",
    )
    report = _ingest(
        engine,
        "## Action items\n- Ben to do the checkout build, blocked by shipping the payments API\n",
        day=date(2026, 11, 30),
    )
    assert any("would close a cycle" in w for w in report.warnings)
    with Session(engine) as session:
        assert len(session.exec(select(Dependency)).all()) == 1


def test_a_model_run_keeps_the_scope_and_budget_remarks_the_rules_find() -> None:
    with fake_openai_server() as server:
        server.enqueue(answer({"items": []}))
        settings = Settings(
            _env_file=None,
            FOLLOWTHROUGH_MODEL="gpt-4o-mini",
            OPENAI_BASE_URL=server.base_url,
            OPENAI_API_KEY="test",
        )
        request = ExtractionRequest(
            text="Sync\nThe search feature was descoped.\n", meeting_date=MONDAY
        )
        result = build_extractor(settings).extract(request)
    assert result.extractor == "llm"
    assert [(s.kind, s.line) for s in result.signals] == [("scope_change", 2)]


def test_a_new_date_from_notes_restarts_the_reminder_count(engine: Engine) -> None:
    _setup(engine)
    _ingest(engine, "## Action items\n- Ana to book the load test by Friday\n")
    with session_scope(engine) as session:
        item = session.exec(select(ActionItem)).one()
        item.nudge_count, item.escalated_at = 3, datetime(2026, 11, 24, tzinfo=UTC)
    _ingest(
        engine, "## Action items\n- Ana to book the load test by Dec 11\n", day=date(2026, 11, 30)
    )
    with Session(engine) as session:
        item = session.exec(select(ActionItem)).one()
    assert (item.due_date, item.nudge_count, item.escalated_at) == (date(2026, 12, 11), 0, None)


def test_without_a_meeting_date_notes_are_dated_today_where_the_program_is(
    sqlite_url: str,
) -> None:
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=SET_UP)
        add_program(session, team_id="T1", name="Atlas", timezone="Asia/Tokyo", now=SET_UP)
    report = ingest_text(
        engine,
        team_id="T1",
        program_name="Atlas",
        extractor=RulesExtractor(),
        now=datetime(2026, 11, 25, 23, 30, tzinfo=UTC),
        text="## Action items\n- Ana to send the plan tomorrow\n",
    )
    assert [i.due_date for i in report.created] == [date(2026, 11, 27)]  # Tokyo's Thursday + 1
