"""The bot keeps Slack's rules end to end: the real app over HTTP, signed requests, and a
fake Web API that refuses what Slack refuses (tests/fakes/slack_api.py).

Text from notes pings nobody, long tasks and many items still fit, a payload Slack
refuses is answered in plain words, a permanent refusal fails the job at once, files
that are not notes are refused only to the sharer, bots and deactivated users never
become people, and clicks in ephemeral messages answer through the response_url.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.scheduling import run_reminder_sweep, send_slip_alerts
from bot.slack_client import make_client
from storage.db import session_scope
from storage.items import get_item
from storage.models import Delivery, Dependency, Job, Person
from tests.fakes.clocks import StoppedClock
from tests.fakes.program_seed import CREATED, Seed
from tests.fakes.slack_api import FakeSlack, error
from tests.test_bot_app import Bot, start_bot

SPECIAL = re.compile(r"<!(channel|here|everyone|subteam)")
FOREIGN_LINK = re.compile(r"<https?://evil")
HOSTILE_NOTES = (
    "<@UBOT> Action items:\n"
    "- <!channel> Ana to send the deck <!here> by 2026-12-04 <https://evil.example|click>\n"
    "- <!subteam^S1|@leads> Ben will fix the build <!everyone> by 2026-12-05 & more\n"
)
MENTION_TS = "1795000000.000400"


@pytest.fixture
def bot(sqlite_url: str) -> Iterator[Bot]:
    yield from start_bot(sqlite_url)


def _jobs(bot: Bot) -> list[Job]:
    with Session(bot.runtime.deps.engine) as session:
        return list(session.exec(select(Job).order_by(Job.id)))


def _mrkdwn(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn" or set(value) >= {"channel", "text"}:
            yield str(value.get("text", ""))
        for child in value.values():
            yield from _mrkdwn(child)
    elif isinstance(value, list):
        for child in value:
            yield from _mrkdwn(child)


def _refused_payloads(bot: Bot) -> list[tuple[str, str]]:
    """What Slack refused of what the bot asked it to show (not lookups of strangers)."""
    return [(m, e) for m, e in bot.slack.refused() if m.startswith(("chat.", "views."))]


def _thread(bot: Bot, *texts: str) -> None:
    bot.slack.threads[("C1", "1795000000.000100")] = [
        {"ts": f"1795000000.0001{n:02d}", "user": "UANA", "text": text}
        for n, text in enumerate(texts)
    ]


def _click(bot: Bot, action: dict[str, Any], **container: Any) -> None:
    body = {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": "UANA", "team_id": "T1"},
        "trigger_id": "trigger-9",
        "container": {"type": "message", "channel_id": "C1", **container},
        "channel": {"id": "C1"},
        "response_url": f"{bot.slack.url}/response/7",
        "actions": [{"action_ts": f"{len(bot.slack.calls)}.5", **action}],
    }
    if "message" in action:
        body["message"] = action.pop("message")
    assert bot.sender.interaction(body)[0] == 200
    bot.work()


def _command(bot: Bot, text: str) -> None:
    bot.sender.form(
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
    bot.work()


def test_a_note_full_of_special_mentions_pings_nobody(bot: Bot) -> None:
    bot.mention(HOSTILE_NOTES, thread_ts=None)
    bot.work()
    [reply] = bot.slack.posts()
    item_id = next(b for b in reply["blocks"] if b["type"] == "actions")["block_id"].split(":")[1]
    _click(
        bot,
        {
            "type": "button",
            "action_id": "item_done",
            "value": item_id,
            "block_id": f"item:{item_id}",
        },
        message_ts=reply["ts"],
        message={"blocks": reply["blocks"]},
    )
    bot.sender.event({"type": "app_home_opened", "user": "UANA", "tab": "home"})
    bot.work()
    sent = bot.slack.sent_payloads()
    assert len(sent) >= 3 and bot.slack.called("chat.update") and bot.slack.called("views.publish")
    texts = [text for payload in sent for text in _mrkdwn(payload)]
    assert any("&lt;!channel&gt;" in t for t in texts), "the note's text is shown, as text"
    assert not [t for t in texts if SPECIAL.search(t) or FOREIGN_LINK.search(t)]
    assert _refused_payloads(bot) == []


def test_a_task_longer_than_a_section_is_answered_once_and_the_job_is_done(bot: Bot) -> None:
    _thread(bot, "<@UANA> to " + "rewrite the onboarding guide " * 130 + "by 2026-12-04")
    bot.mention("<@UBOT> extract")
    bot.work()
    [reply] = bot.slack.posts()
    shown = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "#1" in shown and "…" in shown
    assert _refused_payloads(bot) == []
    [job] = _jobs(bot)
    assert (job.status, job.attempts) == ("done", 1)


def test_a_reply_slack_still_refuses_is_answered_in_plain_text(bot: Bot) -> None:
    bot.slack.script["chat.postMessage"].append(error("invalid_blocks"))
    bot.mention("<@UBOT> extract")
    bot.started()
    bot.work()
    [reply] = bot.slack.posts()
    assert reply.get("blocks") is None and "action items" in reply["text"]
    [job] = _jobs(bot)
    assert (job.status, job.attempts) == ("done", 1)
    assert bot.slack.reactions_on("C1", MENTION_TS) == {"white_check_mark"}


def test_a_reply_to_a_channel_that_is_gone_fails_the_job_at_once(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", status=200, error="channel_not_found", times=2)
    bot.mention("<@UBOT> extract")
    bot.started()
    bot.work()
    [job] = _jobs(bot)
    assert (job.status, job.attempts) == ("failed", 1)
    assert "channel_not_found" in job.last_error
    assert len(bot.slack.called("chat.postMessage")) == 2, "the reply, then the failure report"
    assert bot.slack.reactions_on("C1", MENTION_TS) == {"warning"}
    with Session(bot.runtime.deps.engine) as session:
        [reply, _report] = session.exec(select(Delivery).order_by(Delivery.id)).all()
    assert (reply.status, reply.error) == ("failed", "channel_not_found")


def test_many_numbered_commitments_get_unique_block_ids(bot: Bot) -> None:
    notes = "\n".join(f"- Ana to fix bug {n} by 2026-12-04" for n in range(25))
    bot.mention(f"<@UBOT> Action items:\n{notes}", thread_ts=None)
    bot.work()
    [reply] = bot.slack.posts()
    ids = [b["block_id"] for b in reply["blocks"] if "block_id" in b]
    assert ids and len(ids) == len(set(ids))
    assert _refused_payloads(bot) == []


def test_deactivated_users_bots_and_the_app_itself_never_become_people(bot: Bot) -> None:
    bot.slack.add_user("UGONE", "Gone", deleted=True)
    bot.slack.add_user("UHELPER", "Helper", is_bot=True)
    bot.slack.add_user("UBOT", "Followthrough", is_bot=True)
    for user in ("UGONE", "UHELPER", "UBOT"):
        _command(bot, f"add Write the FAQ <@{user}> by 2026-12-04")
    answers = [r["text"] for r in bot.slack.responses]
    assert "Gone has left the workspace" in answers[0]
    assert "Helper is a bot" in answers[1] and "Followthrough is a bot" in answers[2]
    with Session(bot.runtime.deps.engine) as session:
        people = {p.slack_user_id for p in session.exec(select(Person))}
    assert people.isdisjoint({"UGONE", "UHELPER", "UBOT"})


def test_a_click_in_an_ephemeral_answer_is_redrawn_through_its_response_url(bot: Bot) -> None:
    _command(bot, "add Write the FAQ <@UANA> by 2026-12-04")
    _command(bot, "mine")
    listed = bot.slack.responses[-1]
    actions = next(b for b in listed["blocks"] if b["type"] == "actions")
    assert actions["block_id"].endswith(":mine")
    done = actions["elements"][0]
    _click(
        bot,
        {**done, "block_id": actions["block_id"]},
        message_ts="1800000000.999999",
        is_ephemeral=True,
    )
    redrawn = bot.slack.responses[-1]
    assert redrawn["replace_original"] is True
    assert redrawn["text"] == "You have no open items."
    assert bot.slack.called("chat.update") == []


def test_overflow_choices_change_the_item_and_edit_opens_the_form(bot: Bot) -> None:
    bot.mention("<@UBOT> extract")
    bot.work()
    reply = bot.slack.posts()[0]
    actions = next(b for b in reply["blocks"] if b["type"] == "actions")
    confirm, menu = actions["elements"]
    item_id = int(confirm["value"])
    click = {"message": {"blocks": reply["blocks"]}}
    _click(
        bot,
        {**click, "type": "button", "action_id": "item_confirm", "value": str(item_id)},
        message_ts=reply["ts"],
    )
    [update] = bot.slack.called("chat.update")
    _done, full_menu = next(b for b in update["blocks"] if b["type"] == "actions")["elements"]
    snooze = next(o for o in full_menu["options"] if o["value"].startswith("item_snooze_week"))
    _click(
        bot,
        {
            "type": "overflow",
            "action_id": "item_more",
            "block_id": f"item:{item_id}",
            "selected_option": snooze,
            "message": {"blocks": update["blocks"]},
        },
        message_ts=reply["ts"],
    )
    with session_scope(bot.runtime.deps.engine) as session:
        assert get_item(session, team_id="T1", item_id=item_id).snoozed_until is not None
    edit = next(o for o in menu["options"] if o["value"].startswith("item_edit"))
    _click(
        bot,
        {
            "type": "overflow",
            "action_id": "item_more",
            "block_id": f"item:{item_id}",
            "selected_option": edit,
        },
        message_ts=reply["ts"],
    )
    [opened] = bot.slack.called("views.open")
    assert opened["view"]["callback_id"] == "item_edit_modal"
    assert _refused_payloads(bot) == []


def test_a_home_view_slack_refuses_gives_way_to_a_short_one(bot: Bot) -> None:
    bot.slack.script["views.publish"].append(error("invalid_arguments"))
    bot.sender.event({"type": "app_home_opened", "user": "UANA", "tab": "home"})
    bot.work()
    refused, second = bot.slack.called("views.publish")
    assert "My open items" in json.dumps(refused["view"])
    assert "`/followthrough mine`" in json.dumps(second["view"])
    [job] = _jobs(bot)
    assert job.status == "done"


def test_one_owner_hears_about_all_their_slipped_dates_in_one_dm(engine) -> None:
    """Three of Ben's items wait on Ana's late API: one DM lists all three, once."""
    seed = Seed(engine)
    ana, ben = seed.person("Ana", "UANA"), seed.person("Ben", "UBEN")
    api = seed.item("Ship the API <!channel>", ana, date(2026, 11, 20))
    waiting = [seed.item(f"Screen {n}", ben, date(2026, 11, 26)) for n in range(3)]
    with session_scope(engine) as session:
        for item in waiting:
            session.add(
                Dependency(
                    team_id=seed.team_id,
                    program_id=seed.program.id,
                    upstream_item_id=api.id,
                    downstream_item_id=item.id,
                    created_at=CREATED,
                )
            )
    wednesday = datetime(2026, 11, 25, 10, tzinfo=UTC)
    slack = FakeSlack().start()
    try:
        client = make_client(token="xoxb-test", base_url=slack.api_url)
        clock = StoppedClock(wednesday)
        assert [o.status for o in send_slip_alerts(engine, client, clock)] == ["sent"]
        assert [o.status for o in send_slip_alerts(engine, client, clock)] == ["duplicate"]
        [dm] = slack.posts()
    finally:
        slack.stop()
    assert dm["channel"] == "DBEN"
    listed = json.dumps(dm["blocks"])
    assert all(f"Screen {n}" in listed for n in range(3))
    assert "&lt;!channel&gt;" in listed and not SPECIAL.search(listed + dm["text"])


def test_after_an_uninstall_queued_work_and_scheduled_sends_reach_slack_no_more(
    bot: Bot,
) -> None:
    """Single-workspace mode: the token in the environment cannot be deleted, but the
    workspace is marked, so neither a job taken before the uninstall nor a sweep tries."""
    seed = Seed(bot.runtime.deps.engine)
    seed.item("Ship the API", seed.person("Ana Lima", "UANA"), date(2026, 11, 20))
    bot.mention("<@UBOT> extract")
    bot.started()
    assert bot.sender.event({"type": "app_uninstalled"})[0] == 200
    bot.slack.revoked_tokens.add("xoxb-test")
    calls = len(bot.slack.calls)
    bot.work()
    [job] = _jobs(bot)
    assert (job.status, job.attempts) == ("failed", 1)
    assert "uninstalled" in job.last_error
    engine, clients = bot.runtime.deps.engine, bot.runtime.deps.client_for
    wednesday = StoppedClock(datetime(2026, 11, 25, 10, tzinfo=UTC))
    assert run_reminder_sweep(engine, clients, wednesday) == []
    assert len(bot.slack.calls) == calls


def test_slash_text_is_stored_as_typed_and_echoed_as_text(bot: Bot) -> None:
    """With should_escape, Slack sends a typed @channel as <!channel> and & as &amp;."""
    _command(bot, "add Tell <!channel> about Q3 &amp; Q4 <@UANA|ana> by 2026-12-04")
    [added] = bot.slack.responses
    with session_scope(bot.runtime.deps.engine) as session:
        item = get_item(session, team_id="T1", item_id=int(added["text"].split("#")[1][:-1]))
    assert item.task == "Tell @channel about Q3 & Q4"
    assert not [t for t in _mrkdwn(added) if SPECIAL.search(t)]


def test_a_reply_slack_cannot_take_just_now_is_finished_by_the_jobs_next_run(bot: Bot) -> None:
    """The job is done only once its reply landed; the retry posts the first answer."""
    moments = iter([datetime(2100, 1, 4, 9, tzinfo=UTC), datetime(2100, 1, 4, 9, 5, tzinfo=UTC)])
    now = [next(moments)]
    bot.runtime.deps.clock = bot.runtime.workers[0].clock = lambda: now[0]
    bot.slack.fail_next("chat.postMessage", status=503, retry_after=None, times=3)
    bot.mention("<@UBOT> extract")
    bot.work()
    [job] = _jobs(bot)
    assert (job.status, bot.slack.posts()) == ("queued", [])
    now[0] = next(moments)
    bot.work()
    [job] = _jobs(bot)
    [reply] = bot.slack.posts()
    assert (job.status, job.attempts) == ("done", 2)
    assert reply["text"].startswith("I created the program *Acme*"), "the first run's answer"
