"""`followthrough serve --socket` end to end: a real serve process connects to a fake
Socket Mode WebSocket (URL from a fake `apps.connections.open`), gets a mention in an
`events_api` envelope, acks it and answers through the fake Web API."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, select

from storage.db import get_engine
from storage.models import Job, ProcessedEvent
from tests.fakes.slack_api import FakeSlack
from tests.fakes.socket_mode import FakeSocketMode
from tests.replicas import ROOT, Replica, free_port, wait_for

APP_TOKEN = "xapp-1-A1-test"
THREAD_TS = "1795000000.000100"
THREAD = [
    {"ts": THREAD_TS, "user": "UANA", "text": "Planning for the launch"},
    {"ts": "1795000000.000200", "user": "UBEN", "text": "<@UANA> to send the plan by 2026-12-04"},
    {"ts": "1795000000.000300", "user": "UBEN", "text": "<@UBOT> extract"},
]
MENTION = {
    "type": "app_mention",
    "user": "UBEN",
    "channel": "C1",
    "text": "<@UBOT> extract",
    "ts": "1795000000.000300",
    "thread_ts": THREAD_TS,
}
STARTUP_SECONDS = 10
ANSWER_SECONDS = 5
RECONNECT_SECONDS = 10


@dataclass
class SocketBot:
    slack: FakeSlack
    socket: FakeSocketMode
    replica: Replica
    log: Path
    database_url: str

    def explain(self) -> str:
        """The serve process's log, for assertion messages."""
        return self.log.read_text(errors="replace")[-4000:]

    def wait(self, condition: Callable[[], bool], *, timeout: float, what: str) -> None:
        try:
            wait_for(condition, timeout=timeout, what=what)
        except AssertionError as timed_out:
            raise AssertionError(f"{timed_out}; serve log:\n{self.explain()}") from None

    def ack_of(self, envelope_id: str) -> dict:
        """The bot's answer on the WebSocket to that envelope, once it comes."""
        self.wait(
            lambda: bool(self.socket.acked(envelope_id)),
            timeout=ANSWER_SECONDS,
            what=f"the ack of {envelope_id}",
        )
        return self.socket.acked(envelope_id)[0]

    def replies_in_thread(self) -> list[dict]:
        return [p for p in self.slack.posts() if p.get("thread_ts") == THREAD_TS]

    def jobs(self) -> list[Job]:
        with Session(get_engine(self.database_url)) as session:
            return list(session.exec(select(Job)))

    def processed_events(self) -> list[str]:
        with Session(get_engine(self.database_url)) as session:
            return [e.event_id for e in session.exec(select(ProcessedEvent))]


def _env(slack: FakeSlack, database_url: str, port: int) -> dict[str, str]:
    """Only what Socket Mode needs: no signing secret, and no proxy or Slack settings
    leaking in from the developer's shell."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.upper().startswith(("SLACK_", "FOLLOWTHROUGH_", "OPENAI_"))
        and "proxy" not in name.lower()
    }
    return {
        **inherited,
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.api_url,
        "PORT": str(port),
    }


@pytest.fixture
def socket_bot(sqlite_url: str, tmp_path: Path) -> Iterator[SocketBot]:
    slack = FakeSlack().start()
    socket = FakeSocketMode().start()
    slack.socket_mode_url = socket.url
    slack.add_user("UANA", "Ana")
    slack.add_user("UBEN", "Ben")
    slack.threads[("C1", THREAD_TS)] = THREAD
    log = tmp_path / "serve-socket.log"
    port = free_port()
    process = None
    try:
        with log.open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "cli.main", "serve", "--socket", "--workers", "1"],
                cwd=ROOT,
                env=_env(slack, sqlite_url, port),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        bot = SocketBot(slack, socket, Replica(process, port), log, sqlite_url)
        bot.wait(
            lambda: bot.replica.healthy() or process.poll() is not None,
            timeout=STARTUP_SECONDS,
            what="serve --socket to answer /healthz",
        )
        assert process.poll() is None, f"serve --socket exited:\n{bot.explain()}"
        bot.wait(
            lambda: socket.open_connections() == 1,
            timeout=STARTUP_SECONDS,
            what="the Socket Mode connection",
        )
        yield bot
    finally:
        if process is not None:
            Replica(process, port).stop()
        socket.stop()
        slack.stop()


def test_mention_over_socket_mode_is_acked_answered_once_and_redelivery_dropped(
    socket_bot: SocketBot,
) -> None:
    bot = socket_bot
    [opened] = [c for c in bot.slack.calls if c.method == "apps.connections.open"]
    assert opened.token == APP_TOKEN, "the WebSocket URL is asked for with the app token"
    assert bot.socket.paths == ["/link/?ticket=fake-ticket&app_id=A1"]

    first = bot.socket.event(MENTION, event_id="EvSOCK1")
    assert bot.ack_of(first) == {"envelope_id": first}
    # Slack re-delivers in a new envelope, same event_id, when an ack is late or lost.
    again = bot.socket.event(MENTION, event_id="EvSOCK1", retry_attempt=1, retry_reason="timeout")
    assert bot.ack_of(again) == {"envelope_id": again}
    assert len(bot.jobs()) == 1, "the re-delivery enqueued nothing"

    bot.wait(
        lambda: all(job.status == "done" for job in bot.jobs()),
        timeout=ANSWER_SECONDS,
        what="the job to finish",
    )
    [reply] = bot.replies_in_thread()
    assert reply["channel"] == "C1"
    assert "action item" in reply["text"]
    assert len(bot.slack.posts()) == 1
    assert bot.processed_events() == ["EvSOCK1"]
    assert [len(bot.socket.acked(e)) for e in (first, again)] == [1, 1]
    bot.wait(
        lambda: bot.slack.reactions_on("C1", MENTION["ts"]) == {"white_check_mark"},
        timeout=ANSWER_SECONDS,
        what=":eyes: swapped for the result",
    )
    added = [r.get("name") for r in bot.slack.accepted("reactions.add")]
    assert added.count("eyes") == 1, "the re-delivery does not add a second :eyes:"
    assert bot.replica.process.poll() is None


def test_disconnect_from_slack_reconnects_and_events_keep_flowing(socket_bot: SocketBot) -> None:
    """Slack refreshes Socket Mode connections with a `disconnect` message: the bot asks
    for a new URL, connects again, and mentions sent on the new connection are answered."""
    bot = socket_bot
    bot.socket.send({"type": "disconnect", "reason": "refresh_requested"})
    # The old session closes only when its reader's 3 s recv timeout lets go of the
    # socket (slack_sdk's builtin client); Slack keeps the old socket open meanwhile.
    bot.wait(
        lambda: len(bot.socket.paths) == 2 and bot.socket.open_connections() == 1,
        timeout=RECONNECT_SECONDS,
        what="the new connection to replace the old one",
    )
    assert len(bot.slack.called("apps.connections.open")) == 2, "a fresh URL for the new one"

    envelope = bot.socket.event(MENTION, event_id="EvSOCK2")
    assert bot.ack_of(envelope) == {"envelope_id": envelope}
    bot.wait(
        lambda: len(bot.replies_in_thread()) == 1,
        timeout=ANSWER_SECONDS,
        what="the reply",
    )
    assert bot.replica.process.poll() is None


def test_redeliveries_racing_their_originals_are_still_processed_once(
    socket_bot: SocketBot,
) -> None:
    """The client hands envelopes to a thread pool, so a re-delivery sent right behind its
    original is accepted concurrently with it: the event id still lets only one through."""
    bot = socket_bot
    envelopes = []
    for n in range(5):
        event_id = f"EvRACE{n}"
        envelopes.append(bot.socket.event(MENTION, event_id=event_id))
        envelopes.append(
            bot.socket.event(MENTION, event_id=event_id, retry_attempt=1, retry_reason="timeout")
        )
    assert [bot.ack_of(e) for e in envelopes] == [{"envelope_id": e} for e in envelopes]
    assert sorted(bot.processed_events()) == [f"EvRACE{n}" for n in range(5)]
    assert len(bot.jobs()) == 5
    bot.wait(
        lambda: all(job.status == "done" for job in bot.jobs()),
        timeout=ANSWER_SECONDS,
        what="the jobs to finish",
    )
    assert len(bot.replies_in_thread()) == 5, "one reply per event"
