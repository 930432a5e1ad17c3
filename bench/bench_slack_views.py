"""Every Slack view at the issue's scale: how big it is against Slack's limits, how much
of the program it shows, and how long it takes to build.

Builds the bench program (200 projects, 2,000 people, 50,000 items; one person owns a
tenth of them) in a throwaway SQLite file, then renders each view and prints, side by
side: blocks against the surface's limit, characters of blocks against Slack's ~13k for
a message, the entries shown out of those there were, and the build time (best of 3).

Run: .venv/bin/python -m bench.bench_slack_views
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from bench.program_generator import TEAM, generate
from bot.scheduling.digest_view import digest_message
from bot.scheduling.reminder_views import reminder_message
from bot.views.blockkit import MESSAGE, VIEW
from bot.views.home import home_view
from bot.views.mine import mine_message
from bot.views.program import capacity_answer, deps_answer, risks_answer, status_answer
from bot.views.summary import summary_message
from coordination.digest.load import load_digest
from coordination.items.my_work import my_open_items, waiting_on_others
from coordination.program_view.view import build_program_view
from coordination.reminders.calendar import WorkCalendar
from coordination.reminders.plan import Nudge, ReminderPlan
from coordination.reminders.policy import ItemState, PersonState
from storage.db import get_engine
from storage.migrate import upgrade
from storage.models import ActionItem, Program

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
OWNER = 1


def _best_of_three(build: Callable[[], Any]) -> tuple[Any, float]:
    timings, result = [], None
    for _ in range(3):
        started = time.perf_counter()
        result = build()
        timings.append(time.perf_counter() - started)
    return result, min(timings)


def _counted(blocks: list[dict[str, Any]]) -> int:
    """Entries shown: item controls, or lines in list sections."""
    actions = sum(b["type"] == "actions" for b in blocks)
    if actions:
        return actions
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    return sum(text.count("\n") + 1 for text in sections)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        upgrade(url)
        engine = get_engine(url)
        generate(engine, today=TODAY, now=NOW)
        with Session(engine) as session:
            session.execute(
                update(ActionItem).where(col(ActionItem.id) % 10 == 0).values(owner_id=OWNER)
            )
            session.commit()
        with Session(engine) as session:
            program = session.get(Program, 1)
            view = build_program_view(session, program=program, today=TODAY, now=NOW)
            digest = load_digest(session, program=program, now=NOW)
            mine = my_open_items(session, team_id=TEAM, person_id=OWNER, today=TODAY)
            waiting = waiting_on_others(session, team_id=TEAM, person_id=OWNER)
        person = PersonState(
            id=OWNER, slack_user_id="U000000", name="Person 0", calendar=WorkCalendar()
        )
        nudges = tuple(
            Nudge(
                ItemState(
                    id=i.id,
                    owner_id=OWNER,
                    program_id=1,
                    task=i.task,
                    status="open",
                    due=i.due,
                    snoozed_until=None,
                    nudge_count=1,
                    last_nudged_at=None,
                    escalated_at=None,
                ),
                "overdue",
                1,
            )
            for i in mine
        )
        projects = len(view.portfolio.projects)
        listed = (
            digest.completed_count
            + digest.new_items_count
            + digest.overdue_by_owner_count
            + sum(
                len(part)
                for part in (
                    digest.health,
                    digest.slipped,
                    digest.blocked,
                    digest.over_capacity,
                    digest.risks,
                )
            )
        )
        rows: list[tuple[str, Callable[[], Any], int, bool]] = [
            ("thread reply", lambda: summary_message(mine, program="Bench")[1], len(mine), False),
            (
                "reminder DM",
                lambda: reminder_message(ReminderPlan(person, TODAY, nudges)).blocks,
                len(nudges),
                False,
            ),
            ("/followthrough mine", lambda: mine_message(mine, TODAY)[1], len(mine), False),
            ("/followthrough status", lambda: status_answer(view)[1], projects, False),
            ("/followthrough risks", lambda: risks_answer(view)[1], len(view.risks), False),
            ("/followthrough deps", lambda: deps_answer(view)[1], len(view.blocked), False),
            (
                "/followthrough capacity",
                lambda: capacity_answer(view)[1],
                len(view.over_allocated),
                False,
            ),
            ("weekly digest", lambda: digest_message(digest, "C1").blocks, listed, False),
            (
                "App Home",
                lambda: home_view(today=TODAY, mine=mine, waiting=waiting, programs=[view])[
                    "blocks"
                ],
                len(mine),
                True,
            ),
        ]
        print(f"{'view':<26}{'blocks':>12}{'chars':>16}{'shown / total':>18}{'build':>10}")
        for name, build, total, is_view in rows:
            blocks, seconds = _best_of_three(build)
            surface = VIEW if is_view else MESSAGE
            chars = len(json.dumps(blocks, separators=(",", ":"), ensure_ascii=False))
            limit = f"/{surface.max_chars:,}" if surface.max_chars else ""
            print(
                f"{name:<26}{len(blocks):>8}/{surface.max_blocks:<3}{chars:>10,}{limit:<7}"
                f"{_counted(blocks):>8,} / {total:<7,}{seconds * 1000:>8.1f} ms"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
