"""Slack's endpoint under any input: the real served app over real HTTP.

Oversized or unsized bodies are refused before they are read, unsigned ones before
they are parsed, and every malformed request gets a 4xx with one log line: never a
500, never a traceback.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_runtime
from bot.http import Readiness, make_http_server
from coordination.clock import ClockFrom
from coordination.settings import Settings
from storage.db import get_engine
from storage.migrate import upgrade
from tests.fakes.slack_api import FakeSlack, SlackSender
from tests.test_bot_app import WEDNESDAY, Bot, start_bot

MAX_BODY = 1_000_000


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    url = f"sqlite:///{tmp_path_factory.mktemp('edge') / 'ft.db'}"
    upgrade(url)
    yield from start_bot(url)


@pytest.fixture
def logs() -> Iterator[Recorder]:
    recorder = Recorder()
    root = logging.getLogger()
    root.addHandler(recorder)
    previous = root.level
    root.setLevel(logging.INFO)
    yield recorder
    root.setLevel(previous)
    root.removeHandler(recorder)


def _raw(bot: Bot, head: str, body: bytes = b"") -> tuple[int, float]:
    """A request written by hand, for what urllib will not send; returns status, seconds."""
    host, port = bot.sender.app_url.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(head.replace("\n", "\r\n").encode("latin-1") + b"\r\n" + body)
        status_line = connection.makefile("rb").readline().decode()
    return int(status_line.split()[1]), time.monotonic() - started


def _signed(bot: Bot, body: bytes, content_type: str, timestamp: str | None = None) -> int:
    ts = timestamp or str(int(time.time()))
    digest = bot.sender.verifier.generate_signature(
        timestamp=ts, body=body.decode("utf-8", "replace")
    )
    head = (
        "POST /slack/events HTTP/1.1\nHost: x\n"
        f"Content-Type: {content_type}\nContent-Length: {len(body)}\n"
        f"X-Slack-Request-Timestamp: {ts}\nX-Slack-Signature: {digest}\n"
    )
    return _raw(bot, head, body)[0]


def _refusals(logs: Recorder) -> list[str]:
    return [r.getMessage() for r in logs.records if r.name == "bot.request_gate"]


def _no_tracebacks(logs: Recorder) -> None:
    assert not [r.getMessage() for r in logs.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_declared_300_mb_body_is_refused_413_without_being_sent(served: Bot, logs) -> None:
    head = (
        "POST /slack/events HTTP/1.1\nHost: x\nContent-Type: application/json\n"
        "Content-Length: 300000000\n"
    )
    status, took = _raw(served, head)  # the body never comes: the answer must not wait for it
    assert status == 413 and took < 5
    assert _refusals(logs) == ["refused a request to /slack/events: body over 1000000 bytes"]


@pytest.mark.parametrize(
    "length_header",
    ["", "Content-Length: ten\n", "Content-Length: -5\n", "Content-Length: 1\xb2\n"],
)
def test_a_post_without_a_usable_length_is_refused_400(
    served: Bot, logs, length_header: str
) -> None:
    head = f"POST /slack/events HTTP/1.1\nHost: x\nContent-Type: application/json\n{length_header}"
    assert _raw(served, head)[0] == 400
    assert len(_refusals(logs)) == 1
    _no_tracebacks(logs)


def test_unsigned_and_badly_signed_requests_are_refused_401(served: Bot, logs) -> None:
    body = json.dumps({"type": "event_callback", "event": {"type": "app_mention"}})
    assert served.sender.post(body, "application/json", signature="v0=bad")[0] == 401
    assert served.sender.post(body, "application/json", timestamp=1)[0] == 401
    head = (
        "POST /slack/events HTTP/1.1\nHost: x\nContent-Type: application/json\n"
        f"Content-Length: {len(body)}\n"
    )
    assert _raw(served, head, body.encode())[0] == 401
    stamped = head + "X-Slack-Request-Timestamp: soon\nX-Slack-Signature: v0=aa\n"
    assert _raw(served, stamped, body.encode())[0] == 401
    superscript = head + "X-Slack-Request-Timestamp: 1\xb2\nX-Slack-Signature: v0=aa\n"
    assert _raw(served, superscript, body.encode())[0] == 401
    assert len(_refusals(logs)) == 5
    _no_tracebacks(logs)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"type": "event_callback", ', "application/json"),
        (b"\xff\xfe{}", "application/json"),
        (b"[1, 2]", "application/json"),
        (b"payload=%7Bnot-json", "application/x-www-form-urlencoded"),
        (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
        (b'"just a string"', "application/json"),
    ],
)
def test_signed_malformed_bodies_are_refused_400(
    served: Bot, logs, body: bytes, content_type: str
) -> None:
    assert _signed(served, body, content_type) == 400
    assert len(_refusals(logs)) == 1
    _no_tracebacks(logs)


SIGNED_BUT_INCOMPLETE = [
    {"type": "event_callback"},
    {"type": "event_callback", "team_id": "T1", "event": {"type": "app_mention"}},
    {"type": "event_callback", "team_id": "T1", "event": {"type": "message", "channel": 5}},
    {"type": "event_callback", "team_id": "T1", "event": "mention"},
    {"type": "event_callback", "team_id": 7, "authorizations": "x", "event": {}},
    {"type": "url_verification"},
    {"type": "block_actions", "team": {"id": "T1"}, "actions": [{}]},
    {"type": "block_actions", "actions": [{"action_id": "item_done"}]},
    {"type": "view_submission", "view": {"callback_id": "item_edit"}},
    {"type": "message_action", "callback_id": "extract_followups"},
    {"type": "shortcut"},
]


@pytest.mark.parametrize("payload", SIGNED_BUT_INCOMPLETE)
def test_signed_requests_missing_fields_get_an_answer_not_a_500(
    served: Bot, logs, payload: dict
) -> None:
    if payload["type"] in ("event_callback", "url_verification"):
        status = _signed(served, json.dumps(payload).encode(), "application/json")
    else:
        form = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        status = _signed(served, form, "application/x-www-form-urlencoded")
    assert status < 500
    _no_tracebacks(logs)


@pytest.mark.parametrize(
    "fields",
    [{"command": "/followthrough"}, {"text": "status"}, {"command": "/followthrough", "text": ""}],
)
def test_signed_slash_commands_missing_fields_get_an_answer_not_a_500(
    served: Bot, logs, fields: dict
) -> None:
    form = urllib.parse.urlencode(fields).encode()
    assert _signed(served, form, "application/x-www-form-urlencoded") < 500
    _no_tracebacks(logs)


CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/x-www-form-urlencoded", "text/plain", ""]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
PAYLOAD_KEYS = st.sampled_from(
    ["type", "team_id", "team", "event", "user", "channel", "actions", "view", "command"]
)
SLACKISH = st.dictionaries(PAYLOAD_KEYS, JSON_VALUES, max_size=6)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.binary(max_size=2000), content_type=CONTENT_TYPES, sign=st.booleans())
def test_random_bodies_never_get_a_500(
    served: Bot, logs, body: bytes, content_type: str, sign: bool
) -> None:
    if sign:
        status = _signed(served, body, content_type)
    else:
        head = (
            "POST /slack/events HTTP/1.1\nHost: x\n"
            f"Content-Type: {content_type}\nContent-Length: {len(body)}\n"
        )
        status = _raw(served, head, body)[0]
    assert status in (200, 400, 401, 404) if sign else status in (400, 401)
    _no_tracebacks(logs)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=SLACKISH, as_form=st.booleans())
def test_random_signed_payloads_never_get_a_500(
    served: Bot, logs, payload: dict, as_form: bool
) -> None:
    if as_form:
        body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
        status = _signed(served, body, "application/x-www-form-urlencoded")
    else:
        status = _signed(served, json.dumps(payload).encode(), "application/json")
    assert status < 500
    _no_tracebacks(logs)


def test_the_cap_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_MAX_REQUEST_BYTES", "100")
    url = f"sqlite:///{tmp_path / 'ft.db'}"
    upgrade(url)
    for bot in start_bot(url):
        big = json.dumps({"type": "event_callback", "padding": "x" * 200})
        assert bot.sender.post(big, "application/json")[0] == 413
        small = json.dumps({"type": "url_verification", "challenge": "c"})
        assert bot.sender.post(small, "application/json")[0] == 200


def test_well_formed_mentions_still_get_through(served: Bot) -> None:
    status, _ = served.mention("<@UBOT> help")
    assert status == 200


def test_without_a_signing_secret_http_posts_are_refused_401(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Socket Mode runs with no signing secret; its HTTP side still serves health checks,
    and nothing posted to Slack's path can be verified."""
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    url = f"sqlite:///{tmp_path / 'ft.db'}"
    upgrade(url)
    slack = FakeSlack().start()
    settings = Settings(
        _env_file=None, DATABASE_URL=url, SLACK_BOT_TOKEN="xoxb-test", SLACK_API_URL=slack.api_url
    )
    runtime = build_runtime(settings, clock=ClockFrom(WEDNESDAY), workers=0, engine=get_engine(url))
    server = make_http_server(
        runtime.app, Readiness(runtime.deps.engine, lambda: True), host="127.0.0.1", port=0
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        sender = SlackSender(f"http://127.0.0.1:{server.server_address[1]}", "anything")
        assert sender.post('{"type": "url_verification"}', "application/json")[0] == 401
    finally:
        server.shutdown()
        server.server_close()
        slack.stop()
