"""Several replicas against one PostgreSQL: real processes, real HTTP, a fake Slack."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from storage.models import Delivery, Job
from tests.fakes.openai_server import answer, fake_openai_server
from tests.fakes.slack_api import TEAM, FakeSlack, Scripted, SlackSender
from tests.replicas import ROOT, Replica, atlas_replica_env, start_replica, start_worker, wait_for

SECRET = "replica-signing-secret"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    fake.add_user("UANA", "Ana")
    yield fake
    fake.stop()


@pytest.fixture
def replica_env(postgres_engine: Engine, slack: FakeSlack) -> dict[str, str]:
    return {
        **atlas_replica_env(postgres_engine, slack_api_url=slack.api_url, secret=SECRET),
        "FOLLOWTHROUGH_JOB_LEASE_SECONDS": "3",
    }


class Replicas(list[Replica]):
    def __init__(self, log: Path) -> None:
        super().__init__()
        self.log = log

    def start(self, env: dict[str, str], count: int = 2) -> None:
        for _ in range(count):
            self.append(start_replica(env, self.log))


@pytest.fixture
def replicas(tmp_path: Path) -> Iterator[Replicas]:
    started = Replicas(tmp_path / "serve.log")
    yield started
    for replica in started:
        replica.stop()


def _thread(slack: FakeSlack, n: int) -> str:
    ts = f"1795000{n:03d}.000100"
    slack.threads[("C1", ts)] = [
        {"ts": ts, "user": "UANA", "text": f"<@UANA> to send report {n} by 2026-12-04"},
        {"ts": f"1795000{n:03d}.000200", "user": "UANA", "text": "<@UBOT> extract"},
    ]
    return ts


def _mention(replica: Replica, thread_ts: str, event_id: str, **kw) -> int:
    event = {
        "type": "app_mention",
        "user": "UANA",
        "channel": "C1",
        "text": "<@UBOT> extract",
        "ts": thread_ts.replace(".000100", ".000200"),
        "thread_ts": thread_ts,
    }
    return SlackSender(replica.url, SECRET).event(event, event_id=event_id, **kw)[0]


def _replies(slack: FakeSlack, thread_ts: str) -> list[dict]:
    return [p for p in slack.posts() if p.get("thread_ts") == thread_ts]


def test_two_replicas_answer_a_burst_of_mentions_exactly_once(
    replicas: Replicas, replica_env: dict[str, str], slack: FakeSlack
) -> None:
    replicas.start(replica_env)
    threads = [_thread(slack, n) for n in range(20)]
    for n, ts in enumerate(threads):
        assert _mention(replicas[n % 2], ts, f"EvBurst{n}") == 200
    for n, ts in enumerate(threads[:5]):
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        assert _mention(replicas[(n + 1) % 2], ts, f"EvBurst{n}", headers=retry) == 200
    wait_for(lambda: all(_replies(slack, ts) for ts in threads), timeout=60, what="every reply")
    time.sleep(2)  # a late duplicate would land in this window
    assert sorted(len(_replies(slack, ts)) for ts in threads) == [1] * 20


def _holder_pid(engine: Engine) -> int | None:
    with Session(engine) as session:
        job = session.exec(select(Job).where(Job.status == "running")).first()
    return int(job.locked_by.split(":")[1]) if job and job.locked_by else None


def test_a_replica_killed_mid_job_leaves_it_to_another_and_the_user_gets_one_reply(
    replicas: Replicas, replica_env: dict[str, str], slack: FakeSlack, postgres_engine: Engine
) -> None:
    with fake_openai_server() as model:
        model.enqueue(answer({"items": []}, delay=8), answer({"items": []}))
        env = {
            **replica_env,
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "test",
            "FOLLOWTHROUGH_MODEL": "gpt-4o-mini",
            "FOLLOWTHROUGH_LLM_TIMEOUT": "20",
        }
        replicas.start(env)
        ts = _thread(slack, 1)
        assert _mention(replicas[0], ts, "EvKill") == 200
        wait_for(lambda: len(model.requests) == 1, timeout=30, what="the first model call")
        holder = next(r for r in replicas if r.process.pid == _holder_pid(postgres_engine))
        holder.kill()
        wait_for(lambda: len(_replies(slack, ts)) == 1, timeout=40, what="the reply")
        assert len(model.requests) == 2
    assert len(_replies(slack, ts)) == 1

    def finished() -> tuple[str, int]:
        with Session(postgres_engine) as session:
            job = session.exec(select(Job)).one()
        return job.status, job.attempts

    # the job is marked done after its reply and the swapped reactions
    wait_for(lambda: finished()[0] != "running", timeout=10, what="the job to be finished")
    assert finished() == ("done", 2)


def _cli(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def test_a_restart_during_a_digest_post_does_not_post_it_twice(
    replica_env: dict[str, str], slack: FakeSlack, postgres_engine: Engine
) -> None:
    slack.script["chat.postMessage"].append(Scripted(body={"ok": True, "ts": "1"}, delay=30))
    monday = "2026-11-30T09:05:00+00:00"
    env = {**replica_env, "FOLLOWTHROUGH_TEAM_ID": TEAM}
    posting = _cli(env, "digest", "--program", "Atlas", "--post", "--now", monday)
    wait_for(
        lambda: len(slack.posts()) == 1 or posting.poll() is not None,
        timeout=30,
        what="the digest to reach Slack",
    )
    assert posting.poll() is None, posting.stdout.read().decode()
    posting.kill()
    posting.wait(timeout=10)
    with Session(postgres_engine) as session:
        assert session.exec(select(Delivery)).one().slack_ts is None  # died before recording it

    again = _cli(env, "digest", "--program", "Atlas", "--post", "--now", monday)
    assert again.wait(timeout=60) == 0, again.stdout.read().decode()
    sweep = _cli(env, "remind", "--now", "2026-11-30T09:10:00+00:00")
    assert sweep.wait(timeout=60) == 0, sweep.stdout.read().decode()

    assert len(slack.posts()) == 1
    assert slack.called("conversations.history")
    with Session(postgres_engine) as session:
        delivery = session.exec(select(Delivery)).one()
    assert (delivery.status, delivery.slack_ts) == ("sent", "1")


def test_a_web_replica_without_workers_hands_its_work_to_a_worker_process(
    replica_env: dict[str, str], slack: FakeSlack, tmp_path: Path
) -> None:
    web = start_replica(replica_env, tmp_path / "web.log", workers=0)
    worker = start_worker(replica_env, tmp_path / "worker.log", threads=2)
    try:
        ts = _thread(slack, 7)
        assert _mention(web, ts, "EvSplit") == 200
        wait_for(lambda: len(_replies(slack, ts)) == 1, timeout=30, what="the worker's reply")
    finally:
        web.stop()
        worker.terminate()
        worker.wait(timeout=30)
    assert worker.returncode == 0


def test_sigterm_lets_a_running_job_finish_before_the_replica_exits(
    replica_env: dict[str, str], slack: FakeSlack, tmp_path: Path
) -> None:
    with fake_openai_server() as model:
        model.enqueue(answer({"items": []}, delay=3))
        env = {
            **replica_env,
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "test",
            "FOLLOWTHROUGH_MODEL": "gpt-4o-mini",
            "FOLLOWTHROUGH_LLM_TIMEOUT": "20",
        }
        replica = start_replica(env, tmp_path / "serve.log", workers=1)
        ts = _thread(slack, 9)
        assert _mention(replica, ts, "EvTerm") == 200
        wait_for(lambda: len(model.requests) == 1, timeout=30, what="the model call")
        replica.process.terminate()
        assert replica.process.wait(timeout=30) == 0
    assert len(_replies(slack, ts)) == 1
