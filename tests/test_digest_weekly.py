"""The weekly digest: schedule, assembly from storage, Block Kit rendering, posting once."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, event
from sqlmodel import select

from bot.scheduling import post_digest, post_due_digests
from bot.scheduling.digest_view import digest_blocks, digest_message, digest_text
from bot.slack_client import make_client
from coordination.digest.limits import DIGEST_LINES
from coordination.digest.load import load_digest
from coordination.digest.schedule import DigestSchedule, digest_key
from coordination.errors import UserError
from storage.db import session_scope
from storage.models import Dependency, Program, Risk
from tests.fakes.clocks import StoppedClock
from tests.fakes.program_seed import CREATED, Seed
from tests.fakes.slack_api import FakeSlack, fake_slack

MONDAY_0905_BERLIN = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)
NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
LAST_WEEK = NOW - timedelta(days=3)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as recorder:
        yield recorder


def test_schedule_is_due_from_the_local_slot_for_a_few_hours() -> None:
    schedule = DigestSchedule.parse("mon 09:00", "Europe/Berlin")
    assert not schedule.is_due(MONDAY_0905_BERLIN - timedelta(minutes=10))
    assert schedule.is_due(MONDAY_0905_BERLIN)
    assert not schedule.is_due(MONDAY_0905_BERLIN + timedelta(hours=7))
    # The Monday after the March change: 09:00 CEST is 07:00 UTC.
    assert schedule.is_due(datetime(2026, 3, 30, 7, 0, tzinfo=UTC))
    assert not schedule.is_due(datetime(2026, 3, 30, 6, 59, tzinfo=UTC))
    friday = DigestSchedule.parse("Friday 16:30", "America/New_York")
    assert friday.is_due(datetime(2026, 11, 27, 21, 30, tzinfo=UTC))
    with pytest.raises(UserError):
        DigestSchedule.parse("someday", "UTC")
    assert digest_key(7, date(2026, 11, 30)) == "digest:7:2026-W49"


def _program(engine: Engine) -> Seed:
    """A program with one of everything the digest reports."""
    seed = Seed(engine)
    ana, ben, lee = seed.person("Ana", "UANA"), seed.person("Ben", "UBEN"), seed.person("Lee", None)
    web, app = seed.project("Web", lead=lee), seed.project("App")
    notes = seed.source("https://slack.test/archives/C1/p1")
    seed.item(
        "Ship <beta> & docs",
        ana,
        date(2026, 11, 20),
        status="done",
        completed_at=NOW - timedelta(days=1),
        project_id=web.id,
        source_id=notes.id,
    )
    seed.item(
        "Old done", ana, date(2026, 11, 1), status="done", completed_at=NOW - timedelta(days=30)
    )
    seed.item("Fresh work", ben, date(2026, 12, 10), created_at=NOW - timedelta(days=1))
    api = seed.item("Finish the API", ben, date(2026, 11, 24), project_id=web.id, estimate_days=2)
    ui = seed.item(
        "Build the UI on it", ana, date(2026, 11, 26), project_id=app.id, estimate_days=1
    )
    seed.redate(api, date(2026, 11, 18), date(2026, 11, 24), at=NOW - timedelta(days=2))
    for n in range(3):
        seed.item(f"Big job {n}", ana, date(2026, 11, 27), project_id=app.id, estimate_days=3)
    with session_scope(engine) as session:
        session.add(
            Dependency(
                team_id=seed.team_id,
                program_id=seed.program.id,
                upstream_item_id=api.id,
                downstream_item_id=ui.id,
                status="blocked",
                need_by=date(2026, 11, 25),
                created_at=NOW - timedelta(days=2),
            )
        )
        session.add(
            Risk(
                team_id=seed.team_id,
                program_id=seed.program.id,
                title="Vendor may slip",
                likelihood=4,
                impact=4,
                created_at=NOW - timedelta(days=2),
                updated_at=NOW - timedelta(days=2),
            )
        )
    return seed


def test_digest_reports_the_period_with_permalinks(engine) -> None:
    seed = _program(engine)
    with session_scope(engine) as session:
        digest = load_digest(session, program=seed.program, now=NOW)
    assert digest.week == "2026-W48"
    assert [i.task for i in digest.completed] == ["Ship <beta> & docs"]
    assert digest.completed[0].permalink == "https://slack.test/archives/C1/p1"
    assert "Fresh work" in [i.task for i in digest.new_items]
    assert [(o.owner, [i.task for i in o.items]) for o in digest.overdue_by_owner] == [
        ("Ben", ["Finish the API"])
    ]
    [slip] = digest.slipped
    assert (slip.item.task, slip.days) == ("Finish the API", 6)
    assert slip.knock_on and "Build the UI on it" in slip.knock_on[0]
    assert [(b.upstream, b.downstream) for b in digest.blocked] == [
        ("'Finish the API'", "'Build the UI on it'")
    ]
    assert [c.person for c in digest.over_capacity] == ["Ana"]
    assert "Vendor may slip" in [r.title for r in digest.risks]
    assert {h.project: h.verdict for h in digest.health} == {"Web": "at risk", "App": "at risk"}


def test_blocks_are_valid_block_kit_and_text_from_notes_is_escaped(engine) -> None:
    seed = _program(engine)
    with session_scope(engine) as session:
        digest = load_digest(session, program=seed.program, now=NOW)
    blocks = digest_blocks(digest)
    assert blocks[0]["type"] == "header" and "Launch" in blocks[0]["text"]["text"]
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    sections = json.dumps(blocks)
    assert "<https://slack.test/archives/C1/p1|Ship &lt;beta&gt; &amp; docs>" in sections
    assert "Dates that slipped" in sections and "Build the UI on it" in sections
    text = digest_text(digest)
    assert "Ship <beta> & docs (Web) <https://slack.test/archives/C1/p1>" in text
    message = digest_message(digest, "C1")
    assert message.channel == "C1" and message.text.startswith("Launch · weekly digest 2026-W48")


def test_long_lists_are_cut_to_fit_slack(engine) -> None:
    seed = Seed(engine)
    ana = seed.person("Ana", "UANA")
    for n in range(40):
        seed.item(f"Done thing {n} " + "x" * 200, ana, None, status="done", completed_at=NOW)
    with session_scope(engine) as session:
        blocks = digest_blocks(load_digest(session, program=seed.program, now=NOW))
    completed = next(b for b in blocks if "Completed" in b.get("text", {}).get("text", ""))
    assert len(completed["text"]["text"]) <= 3000
    assert "30 more" in completed["text"]["text"] or completed["text"]["text"].endswith("…")
    assert len(blocks) <= 50


def test_post_digest_posts_once_per_week_and_counts_since_the_last(engine, slack) -> None:
    seed = _program(engine)
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    assert post_digest(engine, client, seed.program, StoppedClock(NOW)).status == "sent"
    assert (
        post_digest(engine, client, seed.program, StoppedClock(NOW + timedelta(hours=1))).status
        == "duplicate"
    )
    [posted] = slack.posts()
    assert posted["channel"] == "C1"
    assert posted["metadata"]["event_payload"]["key"] == f"digest:{seed.program.id}:2026-W48"
    next_week = NOW + timedelta(days=7)
    seed.item(
        "Done after the digest", None, None, status="done", completed_at=NOW + timedelta(days=1)
    )
    with session_scope(engine) as session:
        digest = load_digest(session, program=seed.program, now=next_week)
    assert [i.task for i in digest.completed] == ["Done after the digest"]


def test_due_digests_follow_each_programs_schedule(engine, slack) -> None:
    seed = Seed(engine, timezone="Europe/Berlin")
    with session_scope(engine) as session:
        session.add(
            Program(
                team_id=seed.team_id,
                name="Quiet",
                digest_channel=None,
                timezone="UTC",
                created_at=CREATED,
            )
        )
        session.add(
            Program(
                team_id=seed.team_id,
                name="Fridays",
                digest_channel="C2",
                digest_schedule="fri 16:00",
                timezone="UTC",
                created_at=CREATED,
            )
        )
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    assert (
        post_due_digests(engine, client, StoppedClock(MONDAY_0905_BERLIN - timedelta(minutes=10)))
        == []
    )
    assert [
        o.status for o in post_due_digests(engine, client, StoppedClock(MONDAY_0905_BERLIN))
    ] == ["sent"]
    assert [
        o.status for o in post_due_digests(engine, client, StoppedClock(MONDAY_0905_BERLIN))
    ] == ["duplicate"]
    assert [p["channel"] for p in slack.posts()] == ["C1"]


def _statements(engine: Engine, program: Program, lines: int | None) -> int:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with session_scope(engine) as session:
            load_digest(session, program=program, now=NOW, lines=lines)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


@pytest.mark.parametrize("lines", [DIGEST_LINES, None], ids=["capped", "whole"])
def test_digest_query_count_does_not_grow_with_the_program(engine, lines) -> None:
    seed = _program(engine)
    small = _statements(engine, seed.program, lines)
    people = [seed.person(f"P{n}", f"U{n}") for n in range(4)]
    for n in range(80):
        item = seed.item(f"task {n}", people[n % 4], date(2026, 11, 20 + n % 10))
        if n % 4 == 0:
            seed.redate(item, date(2026, 11, 1), item.due_date, at=NOW - timedelta(days=1))
    seed.item("nobody's", None, date(2026, 11, 2))
    assert _statements(engine, seed.program, lines) == small


def test_posting_the_digest_raises_derived_risks_into_the_register(engine, slack) -> None:
    seed = Seed(engine)
    owner = seed.person("Ana", "UANA")
    item = seed.item("Ship the API", owner, date(2026, 12, 4))
    seed.redate(item, date(2026, 11, 20), date(2026, 11, 27), NOW - timedelta(days=6))
    seed.redate(item, date(2026, 11, 27), date(2026, 12, 4), NOW - timedelta(days=1))
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    assert post_digest(engine, client, seed.program, StoppedClock(NOW)).status == "sent"
    with session_scope(engine) as session:
        risks = session.exec(select(Risk).where(Risk.origin.startswith("auto:"))).all()
    assert len(risks) == 1 and "Ship the API" in risks[0].title
    [posted] = slack.posts()
    assert "Ship the API" in json.dumps(posted["blocks"])


def test_a_sunday_evening_digest_is_still_due_after_midnight_and_counts_for_its_week(
    engine, slack
) -> None:
    seed = Seed(engine)
    seed.update_program(digest_schedule="sun 22:00")
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    monday_one_am = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)  # Sunday's slot + 3 h
    assert DigestSchedule.parse("sun 22:00", "UTC").is_due(monday_one_am)
    assert [o.status for o in post_due_digests(engine, client, StoppedClock(monday_one_am))] == [
        "sent"
    ]
    [posted] = slack.posts()
    assert posted["metadata"]["event_payload"]["key"] == f"digest:{seed.program.id}:2026-W48"
