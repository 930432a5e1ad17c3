"""Every table round-trips on SQLite and PostgreSQL, and migrations match the models."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from storage.db import get_engine, session_scope
from storage.migrate import is_current, managed_by_models, upgrade
from storage.models import (
    ActionItem,
    Delivery,
    Dependency,
    ItemHistory,
    Job,
    Person,
    ProcessedEvent,
    Program,
    Project,
    Risk,
    Source,
    Workspace,
)
from storage.unique import insert_new_key, insert_unique
from storage.workspaces import ensure_workspace, mark_uninstalled, record_installation
from tests.databases import throwaway_postgres

SLACK_STORE_TABLES = {"slack_bots", "slack_installations", "slack_oauth_states"}
MEETING = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)
WRITTEN = datetime(2026, 11, 23, 16, tzinfo=UTC)


def _populate(session: Session) -> dict[type, object]:
    rows: dict[type, object] = {}
    rows[Workspace] = Workspace(team_id="T1", name="Acme", created_at=WRITTEN)
    session.add(rows[Workspace])
    session.flush()
    person = Person(
        team_id="T1",
        slack_user_id="U1",
        display_name="Ana Lima",
        aliases=["ana"],
        email="ana@example.com",
        timezone="Europe/Lisbon",
        work_start=time(8, 30),
        working_days=[0, 1, 2, 3],
        weekly_capacity_days=3.5,
        created_at=WRITTEN,
    )
    program = Program(
        team_id="T1",
        name="Launch",
        digest_channel="C1",
        timezone="Europe/Lisbon",
        created_at=WRITTEN,
    )
    session.add_all([person, program])
    session.flush()
    project = Project(
        team_id="T1",
        program_id=program.id,
        name="Billing",
        aliases=["bill"],
        lead_id=person.id,
        start_date=date(2026, 11, 1),
        end_date=date(2027, 1, 31),
        budget_planned=1000.0,
        budget_spent=250.5,
        created_at=WRITTEN,
    )
    source = Source(
        team_id="T1",
        program_id=program.id,
        kind="thread",
        channel_id="C1",
        thread_ts="1700000000.000100",
        permalink="https://x/p1",
        title="Sync",
        occurred_at=MEETING,
        content_hash="h" * 64,
        text="notes ünïcode",
        extractor="rules",
        created_at=WRITTEN,
    )
    session.add_all([project, source])
    session.flush()
    item = ActionItem(
        team_id="T1",
        program_id=program.id,
        source_id=source.id,
        project_id=project.id,
        owner_id=person.id,
        owner_names=["Ana"],
        task="Ship it",
        task_key="ship it",
        due_date=date(2026, 11, 27),
        estimate_days=2.0,
        confidence=0.9,
        evidence_start=3,
        evidence_end=4,
        flags=["owner_unsupported"],
        snoozed_until=MEETING,
        last_nudged_at=MEETING,
        created_at=WRITTEN,
        updated_at=WRITTEN,
    )
    session.add(item)
    session.flush()
    rows.update(
        {Person: person, Program: program, Project: project, Source: source, ActionItem: item}
    )
    rows[ItemHistory] = ItemHistory(
        team_id="T1",
        item_id=item.id,
        field="due_date",
        old_value="2026-11-20",
        new_value="2026-11-27",
        changed_by="U1",
        source_id=source.id,
        changed_at=MEETING,
    )
    rows[Dependency] = Dependency(
        team_id="T1",
        program_id=program.id,
        upstream_project_id=project.id,
        downstream_item_id=item.id,
        status="blocked",
        need_by=date(2026, 12, 1),
        description="blocked by Billing",
        created_at=WRITTEN,
    )
    rows[Risk] = Risk(
        team_id="T1",
        program_id=program.id,
        project_id=project.id,
        scope="project",
        title="Vendor late",
        likelihood=4,
        impact=5,
        previous_score=12,
        owner_id=person.id,
        origin="manual",
        dedupe_key="manual:1",
        created_at=WRITTEN,
        updated_at=WRITTEN,
    )
    rows[Delivery] = Delivery(
        team_id="T1",
        kind="reminder",
        target="U1",
        subject=f"item:{item.id}",
        idempotency_key="reminder:U1:2026-11-25",
        payload={"text": "2 items need you", "blocks": []},
        claimed_at=WRITTEN,
        lease_until=MEETING,
        sent_at=MEETING,
        slack_ts="1700000001.000200",
        status="sent",
    )
    rows[ProcessedEvent] = ProcessedEvent(team_id="T1", event_id="Ev123", received_at=WRITTEN)
    rows[Job] = Job(
        team_id="T1",
        kind="ingest_thread",
        payload={"channel": "C1", "thread_ts": "1700000000.000100"},
        dedupe_key="event:Ev123",
        status="running",
        attempts=1,
        run_after=WRITTEN,
        lease_until=MEETING,
        locked_by="worker-1",
        created_at=WRITTEN,
    )
    session.add_all(
        [rows[k] for k in (ItemHistory, Dependency, Risk, Delivery, ProcessedEvent, Job)]
    )
    session.flush()
    return rows


def _columns(row: SQLModel) -> dict[str, object]:
    return {c.name: getattr(row, c.name) for c in row.__table__.columns}


def test_every_table_round_trips_with_its_values(engine: Engine) -> None:
    with session_scope(engine) as session:
        written = {model: _columns(row) for model, row in _populate(session).items()}
    assert {m.__tablename__ for m in written} == set(SQLModel.metadata.tables)
    with Session(engine) as session:
        for model, values in written.items():
            stored = session.exec(select(model)).one()
            assert _columns(stored) == values, model.__name__


def test_datetimes_come_back_as_aware_utc(engine: Engine) -> None:
    with session_scope(engine) as session:
        _populate(session)
    with Session(engine) as session:
        source = session.exec(select(Source)).one()
    assert source.occurred_at == MEETING
    assert source.occurred_at.tzinfo is not None


def test_a_row_without_its_time_is_refused_not_mistaken_for_a_lost_race(engine: Engine) -> None:
    """No table stamps a time of its own: one left out fails loudly, even where a unique
    key's clash would be taken as another process having written the row first."""
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=WRITTEN)
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        insert_unique(session, ProcessedEvent(team_id="T1", event_id="Ev1"))
    with session_scope(engine) as session:
        assert insert_unique(
            session, ProcessedEvent(team_id="T1", event_id="Ev1", received_at=WRITTEN)
        )
        again = ProcessedEvent(team_id="T1", event_id="Ev1", received_at=WRITTEN)
        assert not insert_unique(session, again)


def test_an_insert_or_skip_refuses_a_missing_time_and_skips_a_taken_key(engine: Engine) -> None:
    """The ack path's insert: None means the key was taken, never a row left incomplete."""
    table = ProcessedEvent.__table__
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=WRITTEN)
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        insert_new_key(session, table, {"team_id": "T1", "event_id": "Ev1"})
    event = {"team_id": "T1", "event_id": "Ev1", "received_at": WRITTEN}
    with session_scope(engine) as session:
        first = insert_new_key(session, table, event)
        assert insert_new_key(session, table, event) is None
    with Session(engine) as session:
        assert session.exec(select(ProcessedEvent.id)).all() == [first]


def _installed(engine: Engine) -> tuple[str | None, bool, datetime | None]:
    with Session(engine) as session:
        workspace = session.get(Workspace, "T1")
        assert workspace is not None
        return workspace.enterprise_id, workspace.is_enterprise_install, workspace.uninstalled_at


def test_a_request_records_a_new_workspace_a_moved_token_and_a_reinstall(engine: Engine) -> None:
    def request(enterprise_id: str | None, org_wide: bool) -> None:
        with session_scope(engine) as session:
            record_installation(
                session,
                team_id="T1",
                enterprise_id=enterprise_id,
                is_enterprise_install=org_wide,
                now=WRITTEN,
            )

    request(None, False)
    assert _installed(engine) == (None, False, None)
    request("E1", True)
    assert _installed(engine) == ("E1", True, None)
    with session_scope(engine) as session:
        mark_uninstalled(session, team_id="T1", enterprise_id="E1", now=WRITTEN)
    assert _installed(engine) == ("E1", True, WRITTEN)
    request("E1", True)
    assert _installed(engine) == ("E1", True, None)


def _schema_differences(url: str) -> list[object]:
    engine = get_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": managed_by_models}
        )
        return compare_metadata(context, SQLModel.metadata)


def _slack_store_tables(url: str) -> set[str]:
    return {t for t in inspect(get_engine(url)).get_table_names() if t.startswith("slack_")}


def test_migrations_from_empty_match_the_models_on_sqlite(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade(url)
    assert _schema_differences(url) == []
    assert _slack_store_tables(url) == SLACK_STORE_TABLES
    assert is_current(get_engine(url))


def test_migrations_from_empty_match_the_models_on_postgresql() -> None:
    with throwaway_postgres() as url:
        upgrade(url)
        try:
            assert _schema_differences(url) == []
            assert _slack_store_tables(url) == SLACK_STORE_TABLES
            assert is_current(get_engine(url))
        finally:
            get_engine(url).dispose()
