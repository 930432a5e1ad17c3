"""Every time-sensitive path decides by the injected clock and by nothing else.

The same program is run through ingest, App Home, the reminder sweep, slip alerts, the
weekly digest, job and delivery lease take-overs: once with the clock at this week's
Wednesday, once a year ahead and once a year back. Every date in the outcomes is
written relative to that Wednesday, so the runs must agree line for line. A path that
compared against the real wall clock (ours, the database's, a library's) would not.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import sleep
from typing import Any

import pytest
from slack_sdk import WebClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.app import build_deps
from bot.scheduling import post_due_digests
from bot.sending import Message, WebApiSender
from bot.slack_client import make_client
from bot.work.home import publish_home
from cli.context import command_clock
from cli.main import main
from coordination import outbox
from coordination.clock import ClockFrom, system_clock
from coordination.ingest.service import ingest_text
from coordination.items.actions import mark_done
from coordination.settings import Settings
from coordination.worker import Worker
from extractors.rules import RulesExtractor
from storage import deliveries, jobs
from storage.db import get_engine, session_scope
from storage.migrate import upgrade
from storage.models import ActionItem, Dependency, Job
from tests.fakes.program_seed import Seed
from tests.fakes.slack_api import FakeSlack, fake_slack

A_YEAR = timedelta(days=365)
NOTES = """## Action items
- Ana to send the rollout plan by Friday
- Ben to book the venue next Tuesday
"""


def _wednesday_of(moment: datetime) -> datetime:
    """10:00 UTC on the Wednesday of `moment`'s week: inside everyone's working hours."""
    day = moment.astimezone(UTC).date()
    wednesday = day - timedelta(days=day.weekday()) + timedelta(days=2)
    return datetime.combine(wednesday, time(10), tzinfo=UTC)


def _relative(text: str, start: date) -> str:
    """Dates as days from the run's Wednesday, so runs a year apart can be compared."""
    text = re.sub(r"\b\d{4}-W\d{2}\b", "<week>", text)
    text = re.sub(r"<!date\^\d+\^", "<!date^", text)  # the token's ISO fallback stays
    text = re.sub(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{2} [A-Z][a-z]{2}\b", r"\1", text)
    return re.sub(
        r"\b\d{4}-\d{2}-\d{2}\b",
        lambda found: f"<day {(date.fromisoformat(found[0]) - start).days:+d}>",
        text,
    )


def _program(engine: Engine, start: datetime) -> None:
    """Ana's API was due last Friday and Ben's checkout, due tomorrow, waits on it."""
    seed = Seed(engine)
    ana, ben = seed.person("Ana", "UANA"), seed.person("Ben", "UBEN")
    billing, mobile = seed.project("Billing", lead=ben), seed.project("Mobile")
    day, written = start.date(), {"created_at": start - timedelta(days=30)}
    api = seed.item("Ship the API", ana, day - timedelta(days=5), project_id=billing.id, **written)
    checkout = seed.item(
        "Build checkout", ben, day + timedelta(days=1), project_id=mobile.id, **written
    )
    seed.item("Write the FAQ", ana, day, **written)
    with session_scope(engine) as session:
        session.add(
            Dependency(
                team_id=seed.team_id,
                program_id=seed.program.id,
                upstream_item_id=api.id,
                downstream_item_id=checkout.id,
                **written,
            )
        )


def _ingested(engine: Engine, start: datetime) -> list[tuple[str, int]]:
    """Notes without a meeting date are dated by the clock, in the program's timezone."""
    report = ingest_text(
        engine,
        team_id="T1",
        program_name="Launch",
        text=NOTES,
        extractor=RulesExtractor(),
        now=ClockFrom(start)(),
    )
    return [(i.task, (i.due_date - start.date()).days) for i in report.created]


def _home(engine: Engine, slack: FakeSlack, start: datetime) -> str:
    """App Home marks what is overdue by the clock's 'today'."""
    settings = Settings(
        _env_file=None,
        DATABASE_URL=str(engine.url),
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_API_URL=slack.api_url,
    )
    publish_home(build_deps(settings, clock=ClockFrom(start), engine=engine), "T1", "UANA")
    [published] = slack.called("views.publish")
    return json.dumps(published["view"], sort_keys=True, ensure_ascii=False)


def _followthrough(*args: str) -> None:
    assert main(list(args)) == 0


def _posted(slack: FakeSlack, since: int = 0) -> list[tuple[str, str]]:
    return [(p["channel"], p["text"]) for p in slack.posts()[since:]]


class _Died(Exception):
    """The process holding a claim stopped between renewing its lease and the post."""


def _dies_mid_send(team_id: str) -> WebClient:
    raise _Died


def _leases(engine: Engine, slack: FakeSlack, start: datetime) -> dict[str, Any]:
    """A worker dies holding a job, a sender dies holding a claim it just renewed: each
    is taken over once its lease ran out by the clock of the replica taking it over,
    and not before."""
    with session_scope(engine) as session:
        jobs.enqueue(session, team_id="T1", kind="echo", payload={}, now=start)
        held = deliveries.claim(
            session,
            team_id="T1",
            key="reply:1",
            kind="reply",
            target="C1",
            subject="job:1",
            payload=Message("C1", "Found 2 action items").as_payload(),
            now=start,
        )
    with Session(engine) as session:
        jobs.claim_next(session, worker_id="dead", now=start, lease=timedelta(minutes=5))
    handlers = {"echo": lambda job: None}
    early = Worker(engine, handlers, clock=ClockFrom(start + timedelta(minutes=4))).run_once()
    late = Worker(engine, handlers, clock=ClockFrom(start + timedelta(minutes=6))).run_once()
    with Session(engine) as session:
        job = session.exec(select(Job)).one()
    with pytest.raises(_Died):
        outbox.deliver(
            engine,
            WebApiSender(engine, _dies_mid_send),
            held,
            clock=ClockFrom(start + timedelta(minutes=1)),
        )
    sender = WebApiSender(engine, make_client(token="xoxb-test", base_url=slack.api_url))
    return {
        "job taken over": (early is not None, late is not None, job.status, job.attempts),
        "claim taken over": [
            [o.status for o in outbox.redeliver_expired(engine, sender, clock=ClockFrom(at))]
            for at in (start + timedelta(minutes=2), start + timedelta(minutes=4))
        ],
    }


def _digests_due(engine: Engine, slack: FakeSlack, at: datetime) -> list[str]:
    """The scheduler's digest tick, as every replica runs it."""
    client = make_client(token="xoxb-test", base_url=slack.api_url)
    return [o.status for o in post_due_digests(engine, client, ClockFrom(at))]


def _week(folder: Path, monkeypatch: pytest.MonkeyPatch, start: datetime) -> dict[str, Any]:
    """One program's week, by clocks that start at `start` (a Wednesday, 10:00 UTC)."""
    folder.mkdir()
    url = f"sqlite:///{folder / 'followthrough.db'}"
    upgrade(url)
    engine = get_engine(url)
    _program(engine, start)
    monday = start + timedelta(days=5, minutes=-55)  # 09:05, in the digest's slot
    week: dict[str, Any] = {"ingested": _ingested(engine, start)}
    with fake_slack() as slack:
        for name, value in {
            "DATABASE_URL": url,
            "FOLLOWTHROUGH_TEAM_ID": "T1",
            "SLACK_BOT_TOKEN": "xoxb-test",
            "SLACK_API_URL": slack.api_url,
        }.items():
            monkeypatch.setenv(name, value)
        week["home"] = _home(engine, slack, start)
        _followthrough("remind", "--now", start.isoformat())
        _followthrough("remind", "--now", (start + timedelta(hours=3)).isoformat())
        with session_scope(engine) as session:
            faq = session.exec(select(ActionItem).where(ActionItem.task == "Write the FAQ")).one()
            mark_done(session, team_id="T1", item_id=faq.id, actor="UANA", now=start)
        week["digest due on wednesday"] = _digests_due(engine, slack, start)
        _followthrough("digest", "--program", "Launch", "--post", "--now", start.isoformat())
        week["wednesday"] = _posted(slack)
        sent = len(slack.posts())
        week["digest due on monday"] = [_digests_due(engine, slack, monday) for _ in range(2)]
        _followthrough("remind", "--now", monday.isoformat())
        week["monday"] = _posted(slack, sent)
        week["leases"] = _leases(engine, slack, start)
    engine.dispose()
    return {name: _relative(str(outcome), start.date()) for name, outcome in week.items()}


def test_a_year_ahead_or_back_the_clock_gives_the_same_outcomes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weeks = {
        name: _week(tmp_path / name, monkeypatch, _wednesday_of(system_clock() + shift))
        for name, shift in (("now", timedelta(0)), ("ahead", A_YEAR), ("back", -A_YEAR))
    }
    now = weeks["now"]
    assert now["ingested"] == "[('Send the rollout plan', 2), ('Book the venue', 6)]"
    assert "overdue by 5 days: Ship the API" in now["wednesday"]
    assert "now finishes <day +1>" in now["wednesday"] and "weekly digest" in now["wednesday"]
    assert now["digest due on wednesday"] == "[]"
    assert now["digest due on monday"] == "[['sent'], ['duplicate']]"
    assert ":warning: overdue · #1 *Ship the API*" in now["home"]
    assert now["leases"] == str(
        {"job taken over": (False, True, "done", 2), "claim taken over": [[], ["sent"]]}
    )
    assert weeks["ahead"] == weeks["now"]
    assert weeks["back"] == weeks["now"]


def test_a_clock_given_a_start_begins_there_and_runs_on_with_real_time() -> None:
    """What `--now` gives a run: leases renewed during a slow send still move forward."""
    clock = command_clock("2026-11-30T09:05")
    first = clock()
    sleep(0.05)
    assert timedelta(0) <= first - datetime(2026, 11, 30, 9, 5, tzinfo=UTC) < timedelta(seconds=1)
    assert clock() - first >= timedelta(seconds=0.05)
    assert command_clock(None) is system_clock
    with pytest.raises(ValueError, match="aware"):
        ClockFrom(datetime(2026, 11, 30, 9, 5))
