"""Exactly-once sends through the delivery table, against the fake Slack Web API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, select

from bot.sending import Message, WebApiSender
from bot.slack_client import make_client
from coordination.outbox import Outgoing, deliver, redeliver_expired, send_once
from storage import deliveries
from storage.db import get_engine, session_scope
from storage.models import Delivery
from storage.workspaces import ensure_workspace
from tests.fakes.clocks import StoppedClock
from tests.fakes.slack_api import FakeSlack, fake_slack

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


def _forget_the_send(engine: Engine) -> None:
    """What a crash right after Slack accepted the post leaves: a claim without its ts."""
    with session_scope(engine) as session:
        session.execute(update(Delivery).values(status="claimed", slack_ts=None, lease_until=NOW))


@pytest.mark.parametrize("thread_ts", [None, "1795000000.000100"], ids=["channel", "thread"])
def test_a_post_that_landed_before_a_crash_is_not_posted_again(
    sqlite_url: str, slack: FakeSlack, thread_ts: str | None
) -> None:
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=NOW)
    sender = WebApiSender(engine, make_client(token="xoxb-test", base_url=slack.api_url))
    message = Message("C1", "Found 2 action items", thread_ts=thread_ts)
    first = send_once(
        engine,
        sender,
        team_id="T1",
        outgoing=Outgoing("reply:1", "reply", "C1", "job:1", message.as_payload()),
        clock=StoppedClock(NOW),
    )
    _forget_the_send(engine)
    [again] = redeliver_expired(engine, sender, clock=StoppedClock(NOW + timedelta(minutes=5)))
    assert (again.status, again.ts) == ("sent", first.ts)
    assert len(slack.posts()) == 1
    with Session(engine) as session:
        assert session.exec(select(Delivery)).one().slack_ts == first.ts


def test_a_claim_taken_over_by_another_replica_is_not_sent_by_its_first_holder(
    sqlite_url: str, slack: FakeSlack
) -> None:
    engine = get_engine(sqlite_url)
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=NOW)
        slow = deliveries.claim(
            session,
            team_id="T1",
            key="remind:1",
            kind="reminder",
            target="C1",
            subject="",
            payload=Message("C1", "hi").as_payload(),
            now=NOW,
        )
    sender = WebApiSender(engine, make_client(token="xoxb-test", base_url=slack.api_url))
    [taken_over] = redeliver_expired(engine, sender, clock=StoppedClock(NOW + timedelta(minutes=5)))
    late = deliver(engine, sender, slow, clock=StoppedClock(NOW))
    assert (taken_over.status, late.status) == ("sent", "duplicate")
    assert len(slack.posts()) == 1
