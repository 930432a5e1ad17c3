"""Retention: old finished work is pruned in batches, and nothing exactly-once still
needs goes with it (SQLite and PostgreSQL, ages from an injected `now`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.scheduling import start_scheduler
from bot.scheduling.config import SchedulerSettings
from bot.slack_client import make_client
from cli.main import main
from coordination.errors import UserError
from coordination.retention import prune_finished
from storage.db import get_engine, session_scope
from storage.migrate import upgrade
from storage.models import Delivery, Job, ProcessedEvent
from storage.workspaces import ensure_workspace
from tests.replicas import wait_for

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)
OLD = NOW - timedelta(days=40)
RECENT = NOW - timedelta(days=2)
KEEP = timedelta(days=30)


def _job(session: Session, name: str, status: str, finished: datetime | None) -> Job:
    job = Job(
        team_id="T1",
        kind="echo",
        payload={"name": name},
        status=status,
        run_after=OLD,
        created_at=OLD,
        finished_at=finished,
    )
    session.add(job)
    session.flush()
    return job


def _delivery(session: Session, key: str, status: str, at: datetime, subject: str = "") -> None:
    sent = at if status == "sent" else None
    session.add(
        Delivery(
            team_id="T1",
            kind="reply",
            target="C1",
            subject=subject,
            idempotency_key=key,
            status=status,
            claimed_at=at,
            sent_at=sent,
            lease_until=at if status == "claimed" else None,
        )
    )


def _seed(engine: Engine) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=OLD)
        old_done = _job(session, "old done", "done", OLD)
        for name, status in [("failed", "failed"), ("queued", "queued"), ("running", "running")]:
            _job(session, name, status, OLD if status == "failed" else None)
        retried = _job(session, "failed, replied", "failed", OLD)
        _job(session, "recent done", "done", RECENT)
        _delivery(session, "reply:old-done", "sent", OLD, subject=f"job:{old_done.id}")
        _delivery(session, "reply:failed-job", "sent", OLD, subject=f"job:{retried.id}")
        _delivery(session, "remind:1:2026-10-23", "sent", OLD)
        _delivery(session, "slip:bundled", "bundled", OLD)
        _delivery(session, "remind:2:2026-10-23", "claimed", OLD)
        _delivery(session, "digest:1:2026-W43", "failed", OLD)
        _delivery(session, "remind:1:2026-11-30", "sent", RECENT)
        for n, at in enumerate([OLD, OLD, OLD, RECENT]):
            session.add(ProcessedEvent(team_id="T1", event_id=f"Ev{n}", received_at=at))


def _left(engine: Engine) -> tuple[list[str], list[str], int]:
    with Session(engine) as session:
        jobs = [j.payload["name"] for j in session.exec(select(Job).order_by(Job.id))]
        keys = sorted(session.exec(select(Delivery.idempotency_key)))
        events = len(list(session.exec(select(ProcessedEvent.id))))
    return jobs, keys, events


def test_pruning_deletes_old_finished_work_and_keeps_what_exactly_once_needs(
    engine: Engine,
) -> None:
    _seed(engine)
    pruned = prune_finished(engine, now=NOW, older_than=KEEP, batch=2)
    assert (pruned.jobs, pruned.deliveries, pruned.events) == (1, 3, 3)
    jobs, keys, events = _left(engine)
    assert jobs == ["failed", "queued", "running", "failed, replied", "recent done"]
    assert keys == [
        "digest:1:2026-W43",  # failed: kept for whoever looks into it
        "remind:1:2026-11-30",  # younger than the cutoff
        "remind:2:2026-10-23",  # claimed, not sent: a resend is still possible
        "reply:failed-job",  # its job may be retried, and must find its reply sent
    ]
    assert events == 1


def test_pruning_twice_deletes_nothing_more(engine: Engine) -> None:
    _seed(engine)
    prune_finished(engine, now=NOW, older_than=KEEP)
    again = prune_finished(engine, now=NOW, older_than=KEEP)
    assert (again.jobs, again.deliveries, again.events) == (0, 0, 0)


def test_the_newest_job_is_kept_however_old_so_its_id_is_never_handed_out_again(
    engine: Engine,
) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=OLD)
        for name in ("first", "second", "newest"):
            _job(session, name, "done", OLD)
    prune_finished(engine, now=NOW, older_than=KEEP)
    assert _left(engine)[0] == ["newest"]


def test_an_age_under_a_week_is_refused_before_anything_is_deleted(engine: Engine) -> None:
    _seed(engine)
    with pytest.raises(UserError, match="at least 7 days"):
        prune_finished(engine, now=NOW, older_than=timedelta(days=3))
    assert _left(engine)[2] == 4


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    url = f"sqlite:///{tmp_path / 'ft.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    upgrade(url)
    engine = get_engine(url)
    _seed(engine)
    return engine


def test_db_prune_prints_what_it_deleted(cli_database: Engine, capsys) -> None:
    assert main(["db", "prune", "--older-than", "30", "--now", NOW.isoformat()]) == 0
    assert capsys.readouterr().out.strip() == (
        "pruned 1 finished jobs, 3 sent deliveries and 3 processed events older than 30 days"
    )
    assert _left(cli_database)[2] == 1


def test_db_prune_refuses_an_age_under_a_week_with_a_clear_message(
    cli_database: Engine, capsys
) -> None:
    assert main(["db", "prune", "--older-than", "2", "--now", NOW.isoformat()]) == 2
    assert "keep at least 7 days" in capsys.readouterr().err
    assert _left(cli_database)[2] == 4


def test_the_scheduler_prunes_by_its_clock_soon_after_it_starts(engine: Engine) -> None:
    _seed(engine)
    settings = SchedulerSettings(FOLLOWTHROUGH_SWEEP_MINUTES=60, FOLLOWTHROUGH_PRUNE_MINUTES=60)
    client = make_client(token="xoxb-test", base_url="http://127.0.0.1:9/api/")
    scheduler = start_scheduler(engine, client, settings, clock=lambda: NOW, retention=KEEP)
    try:
        wait_for(lambda: _left(engine)[2] == 1, timeout=15, what="the scheduler's prune")
    finally:
        scheduler.shutdown(wait=True)
    assert _left(engine)[0] == ["failed", "queued", "running", "failed, replied", "recent done"]
