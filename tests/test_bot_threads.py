"""A Slack thread read as a conversation, end to end: signed mention in, the real Bolt
app, the fake Web API's thread, and the reply the bot actually posted.

Authors have ordinary Slack handles ('maria', 'ben.o'); owners come back as their user
ids, and each message's dates count from that message's own time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from storage.db import get_engine
from storage.models import ActionItem, Person
from tests.test_bot_app import Bot, start_bot

ROOT = "1794391200.000100"
"""Wednesday 2026-11-11 10:00 UTC: two weeks before the bot's clock (2026-11-25)."""
TODAY = datetime(2026, 11, 25, 9, tzinfo=UTC).timestamp()
THREAD = [
    {"ts": ROOT, "user": "UMARIA", "text": "the vendor never answered about the renewal"},
    {"ts": "1794391300.0", "user": "UBENO", "text": "I can own the vendor follow-up"},
    {
        "ts": "1794391400.0",
        "user": "UMARIA",
        "text": "<@UKIM> could you rerun the migration on staging?",
    },
    {"ts": "1794391500.0", "user": "UKIM", "text": "on it, tomorrow"},
    {"ts": "1794391600.0", "user": "UKIM", "text": "deployed the fix to staging ✅"},
    {"ts": "1794391700.0", "bot_id": "B9", "subtype": "bot_message", "text": "I'll page everyone"},
    {"ts": f"{TODAY:.6f}", "user": "UMARIA", "text": "I'll send the renewal quote by Friday"},
]


@pytest.fixture
def bot(sqlite_url: str) -> Iterator[Bot]:
    for running in start_bot(sqlite_url):
        running.slack.add_user("UMARIA", "maria")
        running.slack.add_user("UBENO", "ben.o")
        running.slack.add_user("UKIM", "kim")
        running.slack.threads[("C1", ROOT)] = THREAD
        yield running


def _items(sqlite_url: str) -> dict[str, tuple[str | None, str | None]]:
    with Session(get_engine(sqlite_url)) as session:
        people = {p.id: p.slack_user_id for p in session.exec(select(Person))}
        return {
            i.task: (people.get(i.owner_id), i.due_date.isoformat() if i.due_date else None)
            for i in session.exec(select(ActionItem))
        }


def test_a_thread_of_lowercase_handles_yields_every_follow_up_by_user_id(
    bot: Bot, sqlite_url: str
) -> None:
    assert bot.mention("<@UBOT> extract", thread_ts=ROOT)[0] == 200
    bot.work()
    assert _items(sqlite_url) == {
        "Own the vendor follow-up": ("UBENO", None),
        "Rerun the migration on staging": ("UKIM", "2026-11-12"),
        "Send the renewal quote": ("UMARIA", "2026-11-27"),
    }
    [reply] = bot.slack.posts()
    shown = " ".join(b["text"]["text"] for b in reply["blocks"] if b["type"] == "section")
    assert {"<@UBENO>", "<@UKIM>", "<@UMARIA>"} <= set(shown.split())
    assert "deployed" not in shown.lower()


def test_the_bots_own_user_and_bot_posts_never_become_people(bot: Bot, sqlite_url: str) -> None:
    bot.mention("<@UBOT> extract", thread_ts=ROOT)
    bot.work()
    with Session(get_engine(sqlite_url)) as session:
        ids = {p.slack_user_id for p in session.exec(select(Person))}
    assert {"UMARIA", "UBENO", "UKIM"} <= ids
    assert "UBOT" not in ids


def test_a_promise_beside_the_notes_own_list_is_offered_and_tracked_on_click(
    bot: Bot, sqlite_url: str
) -> None:
    bot.mention(
        "<@UBOT> Action items:\n- Ana to draft the budget\n\nBen will check the venue contract.",
        thread_ts=None,
    )
    bot.work()
    assert list(_items(sqlite_url)) == ["Draft the budget"]
    [reply] = bot.slack.posts()
    [offer] = [b for b in reply["blocks"] if b.get("block_id", "").startswith("offered:")]
    assert "Check the venue contract" in offer["text"]["text"]
    button = offer["accessory"]
    click = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "UMARIA"},
        "container": {"type": "message", "channel_id": "C1", "message_ts": reply["ts"]},
        "actions": [{**button, "block_id": offer["block_id"], "action_ts": "9.1"}],
    }
    assert bot.sender.interaction(click)[0] == 200
    assert (
        bot.sender.interaction({**click, "actions": [{**click["actions"][0], "action_ts": "9.2"}]})[
            0
        ]
        == 200
    )
    bot.work()
    assert sorted(_items(sqlite_url)) == ["Check the venue contract", "Draft the budget"]
    answers = [p["text"] for p in bot.slack.posts()[1:]]
    assert answers[0].startswith("<@UMARIA> is tracking") and answers[1].startswith(
        "Already tracked"
    )
