"""Every view, built from a program of 200 projects and 50,000 items, is one Slack takes.

Each message and view is judged the way the fake Web API judges what the bot sends
(tests/fakes/slack_api.py: slack_sdk's Block Kit models and `validate_json`, 50 blocks
per message, 100 per view, unique block ids, about 13k characters of blocks), and none
carries a special mention or a link that came from notes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, update
from sqlmodel import Session, col, select

from bench.program_generator import generate
from bot.scheduling.digest_view import digest_message
from bot.scheduling.reminder_views import escalation_message, reminder_message
from bot.scheduling.slip_views import slip_message
from bot.views.edit_modal import edit_modal, metadata, notice_modal
from bot.views.home import home_view
from bot.views.items import item_blocks
from bot.views.mine import mine_message
from bot.views.program import capacity_answer, deps_answer, risks_answer, status_answer
from bot.views.summary import summary_message
from coordination.dependencies.slip_alerts import due_slip_alerts
from coordination.digest.load import load_digest
from coordination.items.actions import edit_form
from coordination.items.my_work import my_open_items, waiting_on_others
from coordination.items.views import ItemView
from coordination.program_view.view import ProgramView, build_program_view
from coordination.reminders.calendar import WorkCalendar
from coordination.reminders.plan import EscalationPlan, Nudge, ReminderPlan
from coordination.reminders.policy import ItemState, PersonState
from storage.db import get_engine
from storage.migrate import upgrade
from storage.models import ActionItem, Program
from tests.fakes.slack_api import (
    BLOCKS_CHARS,
    MESSAGE_BLOCKS,
    block_problems,
    message_refusal,
    view_problems,
)

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
TEAM = "TBENCH"
HEAVY_OWNER = 1
HOSTILE = (
    "<!channel> <!here> <!everyone> <!subteam^S123|@leads> <https://evil.example|click me> "
    "& ship it "
)
PINGS = re.compile(r"<!(channel|here|everyone|subteam)")
FOREIGN_LINK = re.compile(r"<https?://evil")


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The bench program; one person owns a tenth of it, and a few tasks are hostile or
    far longer than Slack's section limit."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('big')) / 'big.db'}"
    upgrade(url)
    engine = get_engine(url)
    generate(engine, today=TODAY, now=NOW)
    with Session(engine) as session:
        session.execute(
            update(ActionItem).where(col(ActionItem.id) % 10 == 0).values(owner_id=HEAVY_OWNER)
        )
        session.execute(
            update(ActionItem)
            .where(col(ActionItem.id) % 97 == 0)
            .values(task=HOSTILE + "x" * 3_800)
        )
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def view(big: Engine) -> ProgramView:
    with Session(big) as session:
        return build_program_view(session, program=session.get(Program, 1), today=TODAY, now=NOW)


@pytest.fixture(scope="module")
def mine(big: Engine) -> list[ItemView]:
    with Session(big) as session:
        return my_open_items(session, team_id=TEAM, person_id=HEAVY_OWNER, today=TODAY)


def _mrkdwn(value: Any) -> Iterator[str]:
    """The texts Slack reads as markup (plain_text and input values are shown as typed)."""
    if isinstance(value, dict):
        if value.get("type") == "mrkdwn":
            yield value.get("text", "")
        for child in value.values():
            yield from _mrkdwn(child)
    elif isinstance(value, list):
        for child in value:
            yield from _mrkdwn(child)


def _speaks_safely(notification: str, payload: Any) -> None:
    for text in [notification, *_mrkdwn(payload)]:
        assert not PINGS.search(text), f"a special mention from notes would ping: {text[:200]}"
        assert not FOREIGN_LINK.search(text), f"a link from notes is live: {text[:200]}"


def assert_message_fits(text: str, blocks: list[dict[str, Any]]) -> None:
    assert blocks, "a message worth sending has blocks"
    assert block_problems(blocks) == []
    assert message_refusal({"text": text, "blocks": blocks}) is None
    assert len(blocks) <= MESSAGE_BLOCKS
    assert len(json.dumps(blocks, separators=(",", ":"))) <= BLOCKS_CHARS
    _speaks_safely(text, blocks)


def assert_view_fits(surface: dict[str, Any]) -> None:
    assert view_problems(surface) == []
    _speaks_safely("", surface)


def _states(items: list[ItemView]) -> tuple[PersonState, list[ItemState]]:
    person = PersonState(
        id=HEAVY_OWNER,
        slack_user_id="U000000",
        name="Person 0",
        calendar=WorkCalendar(timezone="UTC"),
    )
    states = [
        ItemState(
            id=i.id,
            owner_id=HEAVY_OWNER,
            program_id=i.program_id,
            task=i.task,
            status="open",
            due=i.due,
            snoozed_until=None,
            nudge_count=3,
            last_nudged_at=None,
            escalated_at=None,
            project_id=None,
            project_name=i.project,
            lead_id=2,
        )
        for i in items
    ]
    return person, states


def test_the_program_has_the_issues_scale(big: Engine, mine: list[ItemView]) -> None:
    with Session(big) as session:
        assert session.exec(select(func.count()).select_from(ActionItem)).one() == 50_000
    assert len(mine) > 3_000
    assert any(len(i.task) > 3_000 for i in mine)


@pytest.mark.parametrize(
    "answer", [status_answer, risks_answer, deps_answer, capacity_answer], ids=lambda f: f.__name__
)
def test_program_answers_fit_one_message(view: ProgramView, answer) -> None:
    text, blocks = answer(view)
    assert_message_fits(text, blocks)
    assert "more" in json.dumps(blocks[-1]), "what did not fit is counted"


def test_status_lists_projects_most_at_risk_first(view: ProgramView) -> None:
    _, blocks = status_answer(view)
    listed = "\n".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    icons = re.findall(r":(red_circle|large_yellow_circle|large_green_circle):", listed)
    order = {"red_circle": 0, "large_yellow_circle": 1, "large_green_circle": 2}
    assert icons == sorted(icons, key=order.__getitem__) and len(icons) > 20


def test_the_digest_fits_one_message(big: Engine) -> None:
    with Session(big) as session:
        digest = load_digest(session, program=session.get(Program, 1), now=NOW)
    message = digest_message(digest, "CBENCH")
    assert_message_fits(message.text, message.blocks)
    assert "<!date^" in json.dumps(message.blocks)
    assert re.search(r"<@U\d{6}>", json.dumps(message.blocks)), "owners are mentions"


def test_a_thread_reply_with_hundreds_of_items_fits(mine: list[ItemView]) -> None:
    text, blocks = summary_message(
        mine[:300] + mine[:25],  # restated items come back as the same item
        program="Bench <!channel>",
        warnings=[f"Unknown owner '<!here> {n}'" for n in range(20)],
    )
    assert_message_fits(text, blocks)
    assert "more — see `/followthrough mine`" in json.dumps(blocks, ensure_ascii=False)


def test_mine_fits_one_message(mine: list[ItemView]) -> None:
    assert_message_fits(*mine_message(mine, TODAY))


def test_a_reminder_dm_with_hundreds_of_items_fits(mine: list[ItemView]) -> None:
    person, states = _states(mine[:400])
    nudges = tuple(Nudge(state, "overdue", 3) for state in states)
    message = reminder_message(ReminderPlan(person, TODAY, nudges))
    assert_message_fits(message.text, message.blocks)


def test_an_escalation_of_a_huge_task_fits(mine: list[ItemView]) -> None:
    person, states = _states([i for i in mine if len(i.task) > 3_000][:1])
    lead = replace(person, id=2, slack_user_id="U000001", name="Lead <!channel>")
    message = escalation_message(EscalationPlan(states[0], person, lead, 12))
    assert_message_fits(message.text, message.blocks)


def test_a_batch_of_slip_alerts_fits(big: Engine) -> None:
    with Session(big) as session:
        alerts = due_slip_alerts(session, program=session.get(Program, 1), now=NOW)
    assert len(alerts) > 50
    one_owner = [replace(a, upstream=HOSTILE + a.upstream) for a in alerts]
    message = slip_message("U000000", one_owner)
    assert_message_fits(message.text, message.blocks)


def test_an_item_alone_fits(mine: list[ItemView]) -> None:
    for item in (mine[0], next(i for i in mine if len(i.task) > 3_000)):
        assert_message_fits("x", item_blocks(item))


def test_app_home_fits(big: Engine, view: ProgramView, mine: list[ItemView]) -> None:
    with Session(big) as session:
        waiting = waiting_on_others(session, team_id=TEAM, person_id=HEAVY_OWNER)
    assert waiting
    home = home_view(today=TODAY, mine=mine, waiting=waiting, programs=[view, view, view])
    assert_view_fits(home)
    assert "more — see `/followthrough mine`" in json.dumps(home, ensure_ascii=False)


def test_the_edit_modal_of_a_huge_task_in_a_big_program_fits(big: Engine, mine) -> None:
    huge = next(i for i in mine if len(i.task) > 3_000)
    with Session(big) as session:
        form = edit_form(session, team_id=TEAM, item_id=huge.id)
    assert len(form.projects) == 200
    blocks = [b for item in mine[:20] for b in item_blocks(item)]
    modal = edit_modal(form, metadata(huge.id, {"channel": "C1", "message_ts": "1.2"}, blocks))
    assert_view_fits(modal)
    assert_view_fits(notice_modal("item #9 <!channel> was removed"))
