"""`serve`'s worker processes: restarted when they die, stopped with `serve`, and never
left behind when `serve` itself is killed."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from bot.worker_processes import WorkerProcesses
from tests.fakes.slack_api import FakeSlack
from tests.replicas import start_replica, wait_for


def _children(pid: int) -> list[int]:
    """The live child processes of `pid`, as Linux lists them."""
    try:
        listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in listed]


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited


@pytest.fixture
def worker_env(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The children read the environment, as they do under `serve`."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.delenv("FOLLOWTHROUGH_MODEL", raising=False)


def test_a_worker_process_that_dies_is_started_again_and_stop_ends_them_all(
    worker_env: None,
) -> None:
    pool = WorkerProcesses(count=2, threads=1)
    pool.start()
    try:
        assert pool.running()
        first = pool.pids()
        os.kill(first[0], signal.SIGKILL)
        wait_for(lambda: not pool.running(), timeout=5, what="the pool to notice")
        wait_for(pool.running, timeout=15, what="the worker to be started again")
        again = pool.pids()
        assert again[1] == first[1] and again[0] != first[0]
    finally:
        pool.stop(grace=20)
    assert not pool.running()
    assert not any(_alive(pid) for pid in again)


def test_readyz_asks_the_worker_processes_and_a_killed_serve_leaves_none(
    postgres_engine, tmp_path: Path
) -> None:
    slack = FakeSlack().start()
    env = {
        "DATABASE_URL": postgres_engine.url.render_as_string(hide_password=False),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": slack.api_url,
        "FOLLOWTHROUGH_WORKER_PROCESSES": "2",
        "FOLLOWTHROUGH_WORKER_THREADS": "1",
    }
    try:
        replica = start_replica(env, tmp_path / "serve.log", workers=None)
        workers = _children(replica.process.pid)
        assert len(workers) == 2
        assert replica.ready() == (
            200,
            {"database": True, "migrations": True, "slack": True, "workers": True},
        )
        replica.kill()
        wait_for(lambda: not any(map(_alive, workers)), timeout=30, what="orphans to stop")
    finally:
        slack.stop()
