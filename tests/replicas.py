"""Real `followthrough serve` processes for tests that need more than one replica."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from storage.db import session_scope
from storage.programs import add_program
from storage.workspaces import ensure_workspace
from tests.fakes.slack_api import TEAM

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


@dataclass
class Replica:
    process: subprocess.Popen
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False

    def ready(self) -> tuple[int, dict]:
        """/readyz's status and checks (503 comes with the checks that failed)."""
        try:
            with urllib.request.urlopen(f"{self.url}/readyz", timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def kill(self) -> None:
        """SIGKILL: no cleanup, as when a machine dies."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_worker(
    env: dict[str, str], log: Path, *, threads: int, root: Path = ROOT
) -> subprocess.Popen:
    """A `followthrough worker` process: jobs only, no HTTP. `root` is the checkout
    whose code it runs (a benchmark's baseline)."""
    return subprocess.Popen(
        [sys.executable, "-m", "cli.main", "worker", "--threads", str(threads)],
        cwd=root,
        env={**os.environ, **env},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def start_replica(
    env: dict[str, str], log: Path, *, workers: int | None = 2, root: Path = ROOT
) -> Replica:
    """`workers=None` runs plain `followthrough serve`: supervised worker processes."""
    port = free_port()
    flags = [] if workers is None else ["--workers", str(workers)]
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", *flags],
        cwd=root,
        env={**os.environ, **env, "PORT": str(port)},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    replica = Replica(process, port)
    wait_for(replica.healthy, timeout=30, what=f"replica on port {port} (log: {log})")
    return replica


SET_UP = datetime(2026, 11, 1, tzinfo=UTC)


def atlas_replica_env(engine: Engine, *, slack_api_url: str, secret: str) -> dict[str, str]:
    """Workspace T1 with program Atlas on `engine`, and what a replica needs to serve it."""
    with session_scope(engine) as session:
        ensure_workspace(session, team_id=TEAM, now=SET_UP)
        add_program(session, team_id=TEAM, name="Atlas", digest_channel="C1", now=SET_UP)
    return {
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": secret,
        "SLACK_API_URL": slack_api_url,
    }
