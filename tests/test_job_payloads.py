"""Typed jobs: each kind's payload model checked at enqueue and again when handled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from slack_bolt import BoltContext
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot import job_kinds
from bot.app import build_deps
from bot.deps import BotDeps
from bot.jobs import RUNNERS, job_handlers
from bot.listeners.accept import accept
from coordination.settings import Settings
from coordination.worker import Worker
from storage import jobs
from storage.db import session_scope
from storage.models import Job
from storage.workspaces import ensure_workspace
from tests.fakes.clocks import StoppedClock
from tests.fakes.slack_api import FakeSlack, fake_slack

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        fake.add_user("UANA", "Ana")
        yield fake


@pytest.fixture
def deps(engine: Engine, slack: FakeSlack) -> BotDeps:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=NOW)
    settings = Settings(
        _env_file=None,
        DATABASE_URL=str(engine.url),
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=slack.api_url,
    )
    return build_deps(settings, clock=StoppedClock(NOW), engine=engine)


def _stored(engine: Engine, kind: str, payload: object) -> None:
    """A row as an earlier version (or a hand-edited database) left it: no model check."""
    with session_scope(engine) as session:
        jobs.enqueue(session, team_id="T1", kind=kind, payload=payload, now=NOW)


def _jobs(engine: Engine) -> list[Job]:
    with Session(engine) as session:
        return list(session.exec(select(Job).order_by(Job.id)))


def test_enqueueing_a_payload_its_kind_does_not_take_raises_and_writes_nothing(
    deps: BotDeps,
) -> None:
    context = BoltContext({"team_id": "T1"})
    with pytest.raises(job_kinds.JobPayloadError, match=r"HomePayload: user: Field required"):
        accept(deps, context, {"team_id": "T1"}, kind=job_kinds.HOME, payload={"usr": "UANA"})
    assert _jobs(deps.engine) == []


def test_a_misspelt_key_is_refused_at_enqueue() -> None:
    payload = {"channel": "C1", "ts": "1.0", "user": "U1", "reaction": "done"}
    with pytest.raises(job_kinds.JobPayloadError, match=r"reaction: Extra inputs"):
        job_kinds.checked_payload(job_kinds.REACTION, payload)


def test_an_unknown_kind_is_refused_at_enqueue() -> None:
    with pytest.raises(job_kinds.JobPayloadError, match=r"unknown job kind 'homepage'"):
        job_kinds.checked_payload("homepage", {"user": "U1"})


def test_an_accepted_payload_is_stored_as_the_listener_wrote_it(deps: BotDeps) -> None:
    context = BoltContext({"team_id": "T1"})
    payload = {
        "item_id": 12,
        "user": "UANA",
        "task": "Ship it",
        "owner_user": None,
        "due": "2026-12-04",
        "project_id": None,
    }
    assert accept(deps, context, {"team_id": "T1"}, kind=job_kinds.ITEM_EDIT, payload=payload)
    [job] = _jobs(deps.engine)
    assert job.payload == payload


def test_an_old_style_stored_payload_is_still_handled(deps: BotDeps, slack: FakeSlack) -> None:
    """The JSON `app_home_opened` jobs were stored with before payloads had models, plus
    a key no model names any more: the job runs."""
    _stored(deps.engine, job_kinds.HOME, {"user": "UANA", "event_id": "Ev1", "tab": "home"})
    Worker(deps.engine, job_handlers(deps), clock=deps.clock).run_until_empty()
    [job] = _jobs(deps.engine)
    assert job.status == "done"
    assert [call["user_id"] for call in slack.called("views.publish")] == ["UANA"]


def test_a_stored_payload_that_no_longer_fits_fails_its_job_with_the_field_named(
    deps: BotDeps, slack: FakeSlack
) -> None:
    _stored(deps.engine, job_kinds.ITEM_EDIT, {"item_id": "twelve", "user": "UANA"})
    _stored(deps.engine, job_kinds.HOME, {"user": "UANA"})
    worker = Worker(deps.engine, job_handlers(deps), clock=deps.clock)
    assert worker.run_until_empty() == 2
    broken, fine = _jobs(deps.engine)
    assert (broken.status, broken.attempts) == ("failed", 1)
    assert "StoredPayloadError" in broken.last_error
    assert "ItemEditPayload: item_id: Input should be a valid integer" in broken.last_error
    assert "task: Field required" in broken.last_error
    assert fine.status == "done"


def test_every_kind_a_handler_runs_declares_its_payload() -> None:
    assert set(RUNNERS) == set(job_kinds.PAYLOADS)
