"""`followthrough remind|digest` and the APScheduler ticker, end to end on SQLite."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from bot.scheduling import start_scheduler
from bot.scheduling.config import SchedulerSettings
from bot.slack_client import make_client
from cli.main import main
from storage.db import get_engine
from storage.models import Delivery
from tests.fakes.program_seed import Seed
from tests.fakes.slack_api import FakeSlack, fake_slack

NOW = "2026-11-25T10:00:00+00:00"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as recorder:
        yield recorder


@pytest.fixture
def seeded(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Seed:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("FOLLOWTHROUGH_TEAM_ID", "T1")
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    seed = Seed(get_engine(sqlite_url))
    ana = seed.person("Ana", "UANA")
    seed.item("Ship the beta", ana, date(2026, 11, 20))
    done = datetime(2026, 11, 24, 16, tzinfo=UTC)
    seed.item("Write notes", ana, date(2026, 11, 25), status="done", completed_at=done)
    return seed


def _deliveries(seed: Seed) -> list[Delivery]:
    with Session(seed.engine) as session:
        return list(session.exec(select(Delivery)))


def test_remind_without_a_token_is_a_dry_run(seeded: Seed, capsys) -> None:
    assert main(["remind", "--now", NOW]) == 0
    captured = capsys.readouterr()
    assert "dry run" in captured.err
    assert "DM Ana" in captured.out and "overdue: Ship the beta" in captured.out
    assert _deliveries(seeded) == []


def test_remind_with_a_token_sends_once(seeded: Seed, slack, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", slack.base_url)
    assert main(["remind", "--now", NOW]) == 0
    assert main(["remind", "--now", "2026-11-25T15:00"]) == 0
    assert "sent: 0" in capsys.readouterr().out
    assert len(slack.posts()) == 1


def test_digest_prints_without_post_and_posts_once_with_it(seeded, slack, monkeypatch, capsys):
    assert main(["digest", "--program", "launch", "--now", NOW]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Launch · weekly digest 2026-W48")
    assert "Ship the beta" in printed
    assert main(["digest", "--program", "Launch", "--post", "--now", NOW]) == 2  # no token
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", slack.base_url)
    assert main(["digest", "--program", "Launch", "--post", "--now", NOW]) == 0
    assert main(["digest", "--program", "Launch", "--post", "--now", NOW]) == 0
    out = capsys.readouterr().out
    assert out.count("posted to C1") == 1
    assert [p["channel"] for p in slack.posts()] == ["C1"]


def test_the_ticker_sweeps_at_once_and_posts_due_digests(seeded: Seed, slack) -> None:
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    monday_nine = datetime(2026, 11, 30, 9, 0, 30, tzinfo=UTC)
    ticks = {"FOLLOWTHROUGH_SWEEP_MINUTES": 60, "FOLLOWTHROUGH_DIGEST_TICK_SECONDS": 0.2}
    settings = SchedulerSettings(**ticks)
    scheduler = start_scheduler(seeded.engine, client, settings, clock=lambda: monday_nine)
    try:
        deadline = time.monotonic() + 10
        while len(slack.posts()) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        scheduler.shutdown(wait=True)
    assert sorted(p["channel"] for p in slack.posts()) == ["C1", "DANA"]
