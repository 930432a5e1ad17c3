"""The reminder sweep against a real database and the local fake Slack API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from bot.scheduling import run_reminder_sweep
from bot.scheduling.compose import SLACK_COMPOSER
from bot.sending import METADATA_EVENT, WebApiSender
from bot.slack_client import make_client
from coordination.items.actions import reassign
from coordination.outbox import redeliver_expired
from coordination.outbox.scheduled import claim_due_reminders
from storage.db import session_scope
from storage.models import ActionItem, Delivery
from tests.fakes.clocks import StoppedClock
from tests.fakes.program_seed import Seed
from tests.fakes.slack_api import FakeSlack, fake_slack

WEDNESDAY = datetime(2026, 11, 25, 10, tzinfo=UTC)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as recorder:
        yield recorder


@pytest.fixture
def client(slack: FakeSlack):
    return make_client(token="xoxb-test", base_url=slack.base_url)


def _item(engine: Engine, item_id: int) -> ActionItem:
    with Session(engine) as session:
        return session.get(ActionItem, item_id)


def test_one_dm_batches_all_of_a_persons_items_with_buttons(engine, slack, client) -> None:
    seed = Seed(engine)
    ana = seed.person("Ana", "UANA")
    ben = seed.person("Ben", "UBEN")
    web = seed.project("Web")
    late = seed.item("Ship the beta", ana, date(2026, 11, 20), project_id=web.id)
    today = seed.item("Write release notes", ana, date(2026, 11, 25))
    soon = seed.item("Book the venue", ana, date(2026, 11, 26))
    seed.item("Far away", ana, date(2026, 12, 20))
    seed.item("Ben's thing", ben, date(2026, 11, 24))
    seed.item("Nobody's", None, date(2026, 11, 24))

    outcomes = run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY))

    assert [o.status for o in outcomes] == ["sent", "sent"]
    posts = {p["channel"]: p for p in slack.posts()}
    assert set(posts) == {"DANA", "DBEN"}
    ana_dm = posts["DANA"]
    assert "3 items need your attention" in ana_dm["text"]
    actions = [b for b in ana_dm["blocks"] if b["type"] == "actions"]
    assert [a["block_id"] for a in actions] == [f"item:{i.id}" for i in (late, today, soon)]
    done, menu = actions[0]["elements"]
    assert (done["action_id"], menu["action_id"]) == ("item_done", "item_more")
    assert f"item_snooze_day:{late.id}" in [o["value"] for o in menu["options"]]
    assert ana_dm["metadata"]["event_payload"]["key"] == f"remind:{ana.id}:2026-11-25"
    stamped = _item(engine, late.id)
    assert (stamped.nudge_count, stamped.last_nudged_at) == (1, WEDNESDAY)
    assert _item(engine, today.id).nudge_count == 0


def test_a_reminder_shows_the_sentence_the_item_was_read_from(engine, slack, client) -> None:
    seed = Seed(engine)
    ana = seed.person("Ana", "UANA")
    said = "Ana will ship the beta to the pilot customers by Friday"
    seed.item("Ship the beta to the pilot customers", ana, date(2026, 11, 24), quote=said)

    run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY))

    [dm] = slack.posts()
    texts = [b["text"]["text"] for b in dm["blocks"] if b["type"] == "section"]
    assert any(t.endswith(f"\n> _{said}_") for t in texts)


def test_a_second_sweep_the_same_local_day_sends_nothing(engine, slack, client) -> None:
    seed = Seed(engine)
    ana = seed.person("Ana", "UANA")
    late = seed.item("Ship the beta", ana, date(2026, 11, 20))
    run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY))
    # A restart with the items' stamps lost would still be stopped by the day's claim.
    seed.update(late, nudge_count=0, last_nudged_at=None)
    assert run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY + timedelta(hours=3))) == []
    assert len(slack.posts()) == 1
    assert [
        o.status
        for o in run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY + timedelta(days=1)))
    ] == ["sent"]


def test_quiet_hours_and_timezones_in_the_sweep(engine, slack, client) -> None:
    seed = Seed(engine)
    ny = seed.person("Nia", "UNIA", timezone="America/New_York")
    seed.item("Late", ny, date(2026, 11, 20))
    assert run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY)) == []  # 05:00 in New York
    assert (
        len(run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY + timedelta(hours=5)))) == 1
    )


def test_done_snoozed_and_unreachable_items_send_nothing(engine, slack, client) -> None:
    seed = Seed(engine)
    ana = seed.person("Ana", "UANA")
    nameless = seed.person("Only a name", None)
    seed.item("Done", ana, date(2026, 11, 20), status="done")
    seed.item("Cancelled", ana, date(2026, 11, 20), status="cancelled")
    snoozed = seed.item(
        "Snoozed", ana, date(2026, 11, 20), snoozed_until=WEDNESDAY + timedelta(days=1)
    )
    seed.item("No Slack id", nameless, date(2026, 11, 20))
    assert run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY)) == []
    outcomes = run_reminder_sweep(
        engine, client, StoppedClock(WEDNESDAY + timedelta(days=1, minutes=1))
    )
    assert [o.status for o in outcomes] == ["sent"]
    assert f"item:{snoozed.id}" in str(slack.posts()[0]["blocks"])


def test_escalates_to_the_project_lead_once_with_context(engine, slack, client) -> None:
    seed = Seed(engine)
    ana, lee = seed.person("Ana", "UANA"), seed.person("Lee", "ULEE")
    ben = seed.person("Ben", "UBEN")
    web = seed.project("Web", lead=lee)
    late = seed.item(
        "Ship the beta",
        ana,
        date(2026, 11, 13),
        project_id=web.id,
        nudge_count=3,
        last_nudged_at=datetime(2026, 11, 19, 10, tzinfo=UTC),
    )
    run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY))
    posts = {p["channel"]: p for p in slack.posts()}
    assert set(posts) == {"DANA", "DLEE"}
    note = posts["DLEE"]
    assert "<@UANA>'s item in *Web* is 12 days overdue" in note["text"]
    assert "reminded 3 times" in note["text"]
    assert note["metadata"]["event_payload"]["key"] == f"escalate:{late.id}:{ana.id}:2026-11-13:3"
    assert _item(engine, late.id).escalated_at == WEDNESDAY
    later = WEDNESDAY + timedelta(days=7)
    run_reminder_sweep(engine, client, StoppedClock(later))
    assert [p["channel"] for p in slack.posts()].count("DLEE") == 1
    with session_scope(engine) as session:  # a new owner who also lets it run late
        reassign(
            session,
            team_id=seed.team_id,
            item_id=late.id,
            person_id=ben.id,
            actor="ULEE",
            now=later,
        )
    seed.update(late, nudge_count=3, last_nudged_at=later)
    run_reminder_sweep(engine, client, StoppedClock(later + timedelta(days=7)))
    assert [p["channel"] for p in slack.posts()].count("DLEE") == 2


def test_crash_between_claim_and_send_is_finished_once_by_redelivery(engine, slack, client) -> None:
    seed = Seed(engine)
    ana = seed.person("Ana", "UANA")
    seed.item("Ship the beta", ana, date(2026, 11, 20))
    [claimed] = claim_due_reminders(engine, now=WEDNESDAY, composer=SLACK_COMPOSER)  # then "crash"
    assert slack.posts() == []
    assert run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY + timedelta(minutes=1))) == []
    outcomes = run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY + timedelta(minutes=5)))
    assert [o.status for o in outcomes] == ["sent"]
    assert (
        redeliver_expired(
            engine, WebApiSender(engine, client), clock=StoppedClock(WEDNESDAY + timedelta(hours=1))
        )
        == []
    )
    assert len(slack.posts()) == 1
    with Session(engine) as session:
        delivery = session.get(Delivery, claimed.id)
        assert delivery.status == "sent"


def test_rate_limit_is_waited_out_and_sent_once(engine, slack, client) -> None:
    seed = Seed(engine)
    seed.item("Ship the beta", seed.person("Ana", "UANA"), date(2026, 11, 20))
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    assert [o.status for o in run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY))] == [
        "sent"
    ]
    assert [c.method for c in slack.calls].count("chat.postMessage") == 2
    assert len(slack.posts()) == 1


def test_server_errors_past_the_clients_retries_are_sent_later_once(engine, slack, client) -> None:
    seed = Seed(engine)
    seed.item("Ship the beta", seed.person("Ana", "UANA"), date(2026, 11, 20))
    slack.fail_next("chat.postMessage", status=500, retry_after=None, times=3, error="fatal")
    assert [o.status for o in run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY))] == [
        "retry"
    ]
    assert slack.posts() == []
    outcomes = run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY + timedelta(minutes=2)))
    assert [o.status for o in outcomes] == ["sent"]
    assert len(slack.posts()) == 1


def _count_selects(engine: Engine, run) -> int:
    seen = []

    def record(conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(seen)


def test_sweep_query_count_does_not_grow_with_the_items(engine) -> None:
    seed = Seed(engine)
    people = [seed.person(f"P{n}", f"U{n}") for n in range(3)]
    for n in range(60):
        seed.item(f"task {n}", people[n % 3], date(2026, 11, 20))

    def claim(now: datetime) -> None:
        claim_due_reminders(engine, now=now, composer=SLACK_COMPOSER)

    # teams, items, people: three reads; then each DM is one claim-and-stamp transaction.
    assert _count_selects(engine, lambda: claim(WEDNESDAY)) == 3
    with Session(engine) as session:
        assert len(session.exec(select(Delivery)).all()) == 3
    for n in range(200):
        seed.item(f"more {n}", people[n % 3], date(2026, 11, 21))
    assert _count_selects(engine, lambda: claim(WEDNESDAY + timedelta(days=1))) == 3


def test_crash_after_the_post_landed_is_not_posted_again(engine, slack, client) -> None:
    seed = Seed(engine)
    seed.item("Ship the beta", seed.person("Ana", "UANA"), date(2026, 11, 20))
    [claimed] = claim_due_reminders(engine, now=WEDNESDAY, composer=SLACK_COMPOSER)
    client.chat_postMessage(  # the first attempt reached Slack; its ts was never recorded
        channel="DANA",
        text=claimed.payload["text"],
        metadata={"event_type": METADATA_EVENT, "event_payload": {"key": claimed.idempotency_key}},
    )
    outcomes = run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY + timedelta(minutes=5)))
    assert [o.status for o in outcomes] == ["sent"]
    assert len(slack.posts()) == 1


def test_a_long_batch_stays_within_slacks_block_limit(engine, slack, client) -> None:
    seed = Seed(engine)
    ana = seed.person("Ana", "UANA")
    for n in range(40):
        seed.item(f"task {n}", ana, date(2026, 11, 20))
    assert [o.status for o in run_reminder_sweep(engine, client, StoppedClock(WEDNESDAY))] == [
        "sent"
    ]
    [dm] = slack.posts()
    assert len(dm["blocks"]) <= 50
    shown = sum(b["type"] == "actions" for b in dm["blocks"])
    more = dm["blocks"][-1]["elements"][0]["text"]
    assert more == f"…and {40 - shown} more — see `/followthrough mine` or my App Home."
    assert dm["text"].count("\n- ") == 40
