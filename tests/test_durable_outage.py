"""A database outage under a running `followthrough serve`: a PostgreSQL cluster of the
test's own is stopped and started again, and every event acked before, during and
after the outage is answered exactly once; what could not be recorded is not acked."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.db import get_engine, session_scope
from storage.migrate import upgrade
from storage.programs import add_program
from storage.workspaces import ensure_workspace
from tests.fakes.slack_api import TEAM, FakeSlack, SlackSender
from tests.pg_cluster import Cluster, own_postgres
from tests.replicas import Replica, start_replica, wait_for

SECRET = "outage-signing-secret"
SET_UP = datetime(2026, 11, 1, tzinfo=UTC)
SLACK_RETRIES = 3


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    with own_postgres() as running:
        upgrade(running.url)
        engine = get_engine(running.url)
        with session_scope(engine) as session:
            ensure_workspace(session, team_id=TEAM, now=SET_UP)
            add_program(session, team_id=TEAM, name="Atlas", digest_channel="C1", now=SET_UP)
        engine.dispose()
        yield running


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    fake.add_user("UANA", "Ana")
    yield fake
    fake.stop()


def _ts(n: int) -> str:
    return f"1795100{n:03d}.000100"


def _mention(replica: Replica, n: int, retry: int = 0) -> int:
    event = {
        "type": "app_mention",
        "user": "UANA",
        "channel": "C1",
        "ts": _ts(n),
        "text": f"<@UBOT> Action items:\n- Ana to send report {n} by 2026-12-04",
    }
    headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"}
    sender = SlackSender(replica.url, SECRET)
    return sender.event(event, event_id=f"EvOutage{n}", headers=headers if retry else None)[0]


def _deliver_like_slack(replica: Replica, n: int) -> bool:
    """The first try and up to three retries, as Slack does (its gaps shortened)."""
    for attempt in range(SLACK_RETRIES + 1):
        if _mention(replica, n, retry=attempt) == 200:
            return True
        time.sleep(1.0)
    return False


def _replies(slack: FakeSlack) -> dict[str, int]:
    counts: dict[str, int] = {}
    for post in slack.posts():
        counts[post.get("thread_ts")] = counts.get(post.get("thread_ts"), 0) + 1
    return counts


def test_every_event_acked_around_a_database_outage_is_answered_exactly_once(
    cluster: Cluster, slack: FakeSlack, tmp_path: Path
) -> None:
    env = {
        "DATABASE_URL": cluster.url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "FOLLOWTHROUGH_WORKER_PROCESSES": "1",
        "FOLLOWTHROUGH_WORKER_THREADS": "4",
    }
    replica = start_replica(env, tmp_path / "serve.log", workers=None)
    try:
        wait_for(lambda: replica.ready()[0] == 200, timeout=30, what="the replica to be ready")
        assert [_mention(replica, n) for n in range(5)] == [200] * 5
        first = [_ts(n) for n in range(5)]
        wait_for(lambda: all(ts in _replies(slack) for ts in first), timeout=60, what="replies")
        assert [_mention(replica, n) for n in range(15, 18)] == [200] * 3  # still running

        cluster.stop()
        during = {n: _mention(replica, n) for n in range(5, 10)}
        wait_for(lambda: replica.ready()[0] == 503, timeout=20, what="not ready")  # cached 10 s
        assert replica.ready()[1]["database"] is False
        time.sleep(5)  # the worker loops fail and back off meanwhile
        cluster.start()

        assert all(code >= 500 for code in during.values()), during
        assert all(_deliver_like_slack(replica, n) for n in during), "retries refused"
        assert all(_mention(replica, n) == 200 for n in range(10, 15))
        everything = [_ts(n) for n in range(18)]
        wait_for(
            lambda: all(ts in _replies(slack) for ts in everything),
            timeout=90,
            what=f"every reply (log: {tmp_path / 'serve.log'})",
        )
        time.sleep(2)  # a late duplicate would land in this window
        wait_for(lambda: replica.ready()[0] == 200, timeout=30, what="ready again")
        ready = replica.ready()[1]
    finally:
        replica.stop()
    assert sorted(_replies(slack)[ts] for ts in everything) == [1] * 18
    assert ready["workers"] is True
