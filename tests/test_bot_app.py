"""The real Bolt app over real HTTP, signed like Slack signs, against a fake Web API."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.app import Runtime, build_runtime
from bot.http import Readiness, make_http_server
from coordination.clock import ClockFrom
from coordination.logs import ContextFilter, JsonFormatter
from coordination.programs.installations import RecentlyNoted
from coordination.settings import Settings
from storage.db import get_engine, session_scope
from storage.workspaces import uninstalled
from tests.fakes.slack_api import FakeSlack, SlackSender, error, rate_limited

SECRET = "test-signing-secret"
WEDNESDAY = datetime(2026, 11, 25, 10, tzinfo=UTC)
"""Where the bot's clock starts: the tests' dates are fixed, not today's."""
THREAD = [
    {"ts": "1795000000.000100", "user": "UANA", "text": "Planning for the launch"},
    {
        "ts": "1795000000.000200",
        "user": "UBEN",
        "text": "<@UANA> to send the launch plan by 2026-12-04",
    },
    {
        "ts": "1795000000.000300",
        "user": "UANA",
        "text": "Ben will update the pricing page by 2026-12-08",
    },
    {"ts": "1795000000.000400", "user": "UBEN", "text": "<@UBOT> extract"},
]


@dataclass
class Bot:
    slack: FakeSlack
    sender: SlackSender
    runtime: Runtime

    def work(self) -> int:
        return self.runtime.workers[0].run_until_empty()

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
        """For what the acks start in threads of their own (the :eyes:)."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.02)

    def started(self, ts: str = "1795000000.000400") -> None:
        self.wait_for(lambda: "eyes" in self.slack.reactions_on("C1", ts), "the :eyes:")

    def mention(
        self, text: str, *, thread_ts: str | None = "1795000000.000100", **kw
    ) -> tuple[int, str]:
        event = {
            "type": "app_mention",
            "user": "UBEN",
            "channel": "C1",
            "text": text,
            "ts": "1795000000.000400",
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return self.sender.event(event, **kw)


def start_bot(database_url: str) -> Iterator[Bot]:
    slack = FakeSlack().start()
    slack.add_user("UANA", "Ana")
    slack.add_user("UBEN", "Ben", tz="America/New_York")
    slack.threads[("C1", "1795000000.000100")] = THREAD
    settings = Settings(
        _env_file=None,
        DATABASE_URL=database_url,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
    )
    runtime = build_runtime(
        settings, clock=ClockFrom(WEDNESDAY), workers=1, engine=get_engine(database_url)
    )
    readiness = Readiness(runtime.deps.engine, check_token=lambda: True)
    server = make_http_server(runtime.app, readiness, host="127.0.0.1", port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    yield Bot(slack, SlackSender(url, SECRET), runtime)
    server.shutdown()
    server.server_close()
    slack.stop()


@pytest.fixture
def bot(sqlite_url: str) -> Iterator[Bot]:
    yield from start_bot(sqlite_url)


def _texts(bot: Bot) -> list[str]:
    return [p["text"] for p in bot.slack.posts()]


def test_mention_in_thread_reads_every_page_and_replies_once_with_buttons(bot: Bot) -> None:
    status, _ = bot.mention("<@UBOT> extract")
    assert status == 200
    bot.started()
    assert bot.work() == 1
    assert len(bot.slack.called("conversations.replies")) == 2  # two pages of two
    [reply] = bot.slack.posts()
    assert reply["thread_ts"] == "1795000000.000100"
    assert "action item" in reply["text"]
    actions = [b for b in reply["blocks"] if b["type"] == "actions"]
    confirm, menu = actions[0]["elements"]
    item_id = confirm["value"]
    assert (confirm["action_id"], confirm["style"]) == ("item_confirm", "primary")
    assert menu["type"] == "overflow"
    choices = [o["value"] for o in menu["options"]]
    assert choices == [f"item_edit:{item_id}", f"item_dismiss:{item_id}"]
    assert bot.slack.reactions_on("C1", "1795000000.000400") == {"white_check_mark"}


@pytest.mark.parametrize("backend", ["any"])
def test_retried_delivery_is_processed_once(database_url: str, backend: str) -> None:
    for bot in start_bot(database_url):
        assert bot.mention("<@UBOT> extract", event_id="EvSAME")[0] == 200
        retry = bot.mention(
            "<@UBOT> extract",
            event_id="EvSAME",
            headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"},
        )
        assert retry[0] == 200
        assert bot.work() == 1
        assert len(bot.slack.posts()) == 1


def test_bad_signature_and_stale_timestamp_are_rejected(bot: Bot) -> None:
    assert bot.mention("<@UBOT> help", signature="v0=deadbeef")[0] == 401
    assert bot.mention("<@UBOT> help", timestamp=int(time.time()) - 600)[0] == 401
    assert bot.work() == 0


def test_rate_limited_reply_waits_for_retry_after(bot: Bot) -> None:
    bot.slack.script["chat.postMessage"].append(rate_limited(1))
    bot.mention("<@UBOT> help", thread_ts=None)
    bot.work()
    posts = [c for c in bot.slack.calls if c.method == "chat.postMessage"]
    assert len(posts) == 2 and posts[1].at - posts[0].at >= 0.9
    assert "Mention me in a thread" in posts[1].params["text"]


def test_thread_in_a_channel_the_bot_cannot_read_gets_a_private_answer(bot: Bot) -> None:
    bot.slack.script["conversations.replies"].append(error("not_in_channel"))
    bot.mention("<@UBOT> extract")
    bot.work()
    [dm] = bot.slack.posts()
    assert dm["channel"] == "DBEN" and "can't read" in dm["text"]


def test_notes_pasted_in_the_mention_and_status(bot: Bot) -> None:
    bot.mention("<@UBOT> Action items:\n- Ana to draft the budget by 2026-12-10", thread_ts=None)
    bot.mention("<@UBOT> status", thread_ts=None)
    bot.work()
    notes_reply, status_reply = bot.slack.posts()
    assert "I created the program *Acme*" in notes_reply["text"]
    assert status_reply["text"].startswith("Acme: 1 open")
    assert status_reply["blocks"][0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Acme · status"},
    }


def _share_file(bot: Bot, name: str, data: bytes) -> None:
    bot.slack.add_file("F1", name, data, "C1", "1795000000.000900")
    bot.sender.event(
        {
            "type": "file_shared",
            "file_id": "F1",
            "user_id": "UANA",
            "channel_id": "C1",
            "event_ts": "1795000000.000900",
        }
    )
    bot.work()


def test_text_file_is_ingested(bot: Bot) -> None:
    _share_file(bot, "notes.md", b"Action items:\n- Ana to ship v2 by 2026-12-01\n")
    [reply] = bot.slack.posts()
    assert reply["thread_ts"] == "1795000000.000900"
    assert "action item" in reply["text"]


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("deck.pdf", b"%PDF", "only read meeting notes"),
        ("notes.txt", b"\x00\x01", "binary"),
        ("notes.txt", b"  \n", "empty"),
    ],
)
def test_bad_uploads_are_answered_clearly_and_only_to_the_sharer(
    bot: Bot, name: str, data: bytes, expected: str
) -> None:
    _share_file(bot, name, data)
    assert bot.slack.posts() == []
    [whisper] = bot.slack.accepted("chat.postEphemeral")
    assert (whisper["channel"], whisper["user"]) == ("C1", "UANA")
    assert whisper["thread_ts"] == "1795000000.000900"
    assert expected in whisper["text"]


def test_message_shortcut_extracts_the_thread(bot: Bot) -> None:
    status, _ = bot.sender.interaction(
        {
            "type": "message_action",
            "callback_id": "extract_followups",
            "trigger_id": "t1",
            "team": {"id": "T1"},
            "user": {"id": "UANA"},
            "channel": {"id": "C1"},
            "message": {"ts": "1795000000.000200", "thread_ts": "1795000000.000100"},
            "response_url": f"{bot.slack.url}/response/1",
        }
    )
    assert status == 200
    bot.work()
    assert "action item" in _texts(bot)[0]


def _command(bot: Bot, text: str) -> tuple[int, str]:
    return bot.sender.form(
        {
            "command": "/followthrough",
            "text": text,
            "team_id": "T1",
            "user_id": "UANA",
            "channel_id": "C1",
            "trigger_id": f"tr-{text}",
            "response_url": f"{bot.slack.url}/response/2",
        }
    )


def test_slash_command_help_unknown_add_mine_and_status(bot: Bot) -> None:
    assert "/followthrough" in json.loads(_command(bot, "help")[1])["text"]
    unknown = json.loads(_command(bot, "frobnicate")[1])
    assert unknown["response_type"] == "ephemeral" and "don't know" in unknown["text"]
    assert _command(bot, "add Write the FAQ <@UBEN|ben> by next Friday")[0] == 200
    bot.work()
    _command(bot, "mine")
    _command(bot, "status")
    _command(bot, "risks")
    _command(bot, "digest now")
    bot.work()
    answers = bot.slack.responses
    assert all(r["replace_original"] for r in answers), "each replaces its 'Working on…'"
    added, mine, status, risks, digest = (r["text"] for r in answers)
    assert added.startswith("Added #")
    assert mine == "You have no open items."
    assert status.startswith("Acme: ") and risks.startswith("Risks in Acme")
    assert "digest channel" in digest
    assert all(r["blocks"] for r in answers), "answers are Block Kit"


def _item_message(bot: Bot) -> tuple[dict, int]:
    bot.mention("<@UBOT> extract")
    bot.work()
    reply = bot.slack.posts()[0]
    item_id = int(
        next(b for b in reply["blocks"] if b["type"] == "actions")["block_id"].split(":")[1]
    )
    return reply, item_id


def test_buttons_update_the_item_and_the_message_in_place(bot: Bot) -> None:
    reply, item_id = _item_message(bot)
    click = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "UANA"},
        "container": {"type": "message", "channel_id": "C1", "message_ts": "1800000000.000001"},
        "message": {"blocks": reply["blocks"]},
        "response_url": f"{bot.slack.url}/response/3",
        "actions": [
            {
                "type": "button",
                "action_id": "item_done",
                "value": str(item_id),
                "block_id": f"item:{item_id}",
                "action_ts": "1.1",
            }
        ],
    }
    assert bot.sender.interaction(click)[0] == 200
    assert bot.sender.interaction(click)[0] == 200  # the same click delivered twice
    assert bot.work() == 1
    [update] = bot.slack.called("chat.update")
    assert f"#{item_id}" in json.dumps(update["blocks"]) and "done" in update["text"]
    picker = {
        **click,
        "actions": [
            {
                "type": "datepicker",
                "action_id": "item_due",
                "selected_date": "2026-12-24",
                "block_id": f"item:{item_id}",
                "action_ts": "1.2",
            }
        ],
    }
    bot.sender.interaction(picker)
    bot.work()
    assert "2026-12-24" in bot.slack.called("chat.update")[1]["text"]


def test_reassign_to_a_user_the_bot_cannot_see_is_explained(bot: Bot) -> None:
    _reply, item_id = _item_message(bot)
    bot.sender.interaction(
        {
            "type": "block_actions",
            "team": {"id": "T1"},
            "user": {"id": "UANA"},
            "container": {"type": "message", "channel_id": "C1", "message_ts": "1800000000.000001"},
            "response_url": f"{bot.slack.url}/response/4",
            "actions": [
                {
                    "type": "users_select",
                    "action_id": "item_reassign",
                    "selected_user": "UGHOST",
                    "block_id": f"item:{item_id}",
                    "action_ts": "2.1",
                }
            ],
        }
    )
    bot.work()
    assert "can't see user" in bot.slack.responses[0]["text"]


def test_check_mark_reaction_marks_the_item_done(bot: Bot) -> None:
    bot.slack.threads[("C1", "1795000000.000100")] = THREAD[:2]
    _item_message(bot)
    ts = "1800000000.000001"
    bot.sender.event(
        {
            "type": "reaction_added",
            "user": "UANA",
            "reaction": "white_check_mark",
            "item": {"type": "message", "channel": "C1", "ts": ts},
        }
    )
    bot.work()
    [update] = bot.slack.called("chat.update")
    assert update["ts"] == ts and "done" in update["text"]


def test_app_home_lists_my_items(bot: Bot) -> None:
    _item_message(bot)
    bot.sender.event({"type": "app_home_opened", "user": "UANA", "tab": "home"})
    bot.work()
    [published] = bot.slack.called("views.publish")
    assert published["user_id"] == "UANA"
    assert "launch plan" in json.dumps(published["view"])


def test_health_endpoints(bot: Bot) -> None:
    import urllib.request

    base = bot.sender.app_url
    with urllib.request.urlopen(f"{base}/healthz") as response:
        assert json.load(response) == {"status": "ok"}
    with urllib.request.urlopen(f"{base}/readyz") as response:
        assert json.load(response) == {"database": True, "migrations": True, "slack": True}


def test_one_mention_can_be_followed_from_event_to_reply_in_the_logs(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(ContextFilter())
    with caplog.at_level(logging.INFO):
        bot.mention("<@UBOT> extract", event_id="EvTRACE")
        bot.work()
    lines = [json.loads(JsonFormatter().format(r)) for r in caplog.records]
    traced = [line["msg"] for line in lines if line.get("event_id") == "EvTRACE"]
    assert traced[0] == "work accepted"
    assert "job done" in traced
    job_ids = {line["job_id"] for line in lines if line.get("event_id") == "EvTRACE"}
    assert len(job_ids) == 1


def test_slash_command_keeps_the_risk_register(bot: Bot) -> None:
    assert _command(bot, "risk add Vendor contract unsigned 4 5")[0] == 200
    bot.work()
    raised = bot.slack.responses[-1]["text"]
    assert raised.startswith("Raised risk #") and "score 20" in raised
    risk_id = raised.split("#")[1].split(" ")[0]
    _command(bot, f"risk score {risk_id} 2 5")
    bot.work()
    _command(bot, f"risk close {risk_id}")
    bot.work()
    scored, closed = (r["text"] for r in bot.slack.responses[-2:])
    assert scored == f"Risk #{risk_id} is open, score 10."
    assert closed == f"Risk #{risk_id} is closed, score 10."
    usage = json.loads(_command(bot, "risk maybe")[1])["text"]
    assert "risk add <title>" in usage


def test_slash_add_reads_dates_as_people_write_them(bot: Bot) -> None:
    _command(bot, "add Write the FAQ <@UBEN|ben> by next Friday")
    _command(bot, "add Plan the offsite <@UBEN|ben> by whenever")
    bot.work()
    added, unreadable = bot.slack.responses[-2:]
    assert added["text"].startswith("Added #")
    assert "2026-12-04" in json.dumps(added["blocks"])
    assert "couldn't read 'whenever' as a date" in unreadable["text"]


def _uninstalled(bot: Bot) -> bool:
    with session_scope(bot.runtime.deps.engine) as session:
        return bool(uninstalled(session, team_ids=["T1"]))


def test_a_mention_after_an_uninstall_handled_here_marks_the_workspace_installed_again(
    bot: Bot,
) -> None:
    """The acks skip noting a workspace they noted lately; an uninstall forgets it."""
    assert bot.mention("<@UBOT> help", thread_ts=None)[0] == 200
    assert bot.sender.event({"type": "app_uninstalled"})[0] == 200
    assert _uninstalled(bot)
    assert bot.mention("<@UBOT> help", thread_ts=None)[0] == 200
    assert not _uninstalled(bot)


def test_a_workspace_noted_lately_is_not_noted_again_unless_its_token_moved() -> None:
    noted = RecentlyNoted()
    noted.remember(("T1", None, False))
    assert noted.fresh(("T1", None, False))
    assert not noted.fresh(("T1", "E1", True)), "a token moved to the org is noted"
    stale = RecentlyNoted(recheck_seconds=0.0)
    stale.remember(("T1", None, False))
    assert not stale.fresh(("T1", None, False)), "noted too long ago"
    noted.forget(["T1"])
    assert not noted.fresh(("T1", None, False))
