"""Two real OS processes against one PostgreSQL send each message exactly once.

This module is also the processes' entry point (`python -m tests.test_scheduler_processes
remind|digest START NOW`): each waits for the same wall-clock START, so the two sweeps
really race instead of running one after the other.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, select

from storage.models import Delivery
from tests.fakes.program_seed import Seed
from tests.fakes.slack_api import fake_slack

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
MONDAY_NINE = datetime(2026, 11, 30, 9, 1, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent


def _race(
    kind: str, postgres_url: str, slack_url: str, now: datetime, tmp_path: Path
) -> list[dict[str, int]]:
    """Runs two processes from the same start gate; returns each one's outcome counts."""
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": slack_url,
        "PYTHONPATH": str(ROOT),
    }
    start = f"{time.time() + 2.0:.3f}"
    command = [sys.executable, "-m", "tests.test_scheduler_processes", kind, start, now.isoformat()]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    processes = [subprocess.Popen(command, env=env, cwd=tmp_path, **pipes) for _ in range(2)]
    counts = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err.decode()
        counts.append(json.loads(out.decode().strip().splitlines()[-1]))
    return counts


def test_two_processes_send_each_reminder_once(postgres_engine, postgres_url, tmp_path) -> None:
    seed = Seed(postgres_engine)
    for n in range(25):
        person = seed.person(f"P{n}", f"U{n}")
        seed.item(f"late {n}", person, date(2026, 11, 20))
        seed.item(f"today {n}", person, date(2026, 11, 25))
    with fake_slack() as slack:
        counts = _race("remind", postgres_url, slack.base_url, NOW, tmp_path)
        channels = Counter(p["channel"] for p in slack.posts())
    assert len(channels) == 25 and set(channels.values()) == {1}
    assert sum(c.get("sent", 0) for c in counts) == 25
    with Session(postgres_engine) as session:
        statuses = Counter(d.status for d in session.exec(select(Delivery)))
    assert statuses == {"sent": 25}


def test_two_processes_post_the_weekly_digest_once(postgres_engine, postgres_url, tmp_path) -> None:
    seed = Seed(postgres_engine)
    owner = seed.person("Ana", "UANA")
    for n in range(30):
        seed.item(f"task {n}", owner, date(2026, 11, 20 + n % 10))
    with fake_slack() as slack:
        counts = _race("digest", postgres_url, slack.base_url, MONDAY_NINE, tmp_path)
        posts = slack.posts()
    assert [p["channel"] for p in posts] == ["C1"]
    assert sorted(sum(c.values()) for c in counts) == [1, 1]
    assert sum(c.get("sent", 0) for c in counts) == 1


def _main(kind: str, start: str, now_iso: str) -> None:
    from bot.scheduling import post_due_digests, run_reminder_sweep
    from bot.slack_client import make_client
    from coordination.clock import ClockFrom
    from storage.db import get_engine

    engine = get_engine(os.environ["DATABASE_URL"])
    client = make_client(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    now = datetime.fromisoformat(now_iso)
    with engine.connect():  # connect before the gate, so the race starts at the gate
        pass
    time.sleep(max(0.0, float(start) - time.time()))
    run = run_reminder_sweep if kind == "remind" else post_due_digests
    outcomes = run(engine, client, ClockFrom(now))
    print(json.dumps(Counter(o.status for o in outcomes)))


if __name__ == "__main__":
    _main(*sys.argv[1:4])
