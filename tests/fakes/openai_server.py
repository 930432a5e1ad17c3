"""A local OpenAI-compatible chat-completions server for tests.

The openai SDK talks HTTP through httpx2, which httpx-based mocks do not intercept, so
tests point the real client at this server through `base_url` instead. Each request
pops the next scripted behaviour; every request body is recorded so a test can assert
on the prompt and the response_format that were actually sent.

Usage in a test module::

    from tests.fakes.openai_server import answer, fake_openai_server

    with fake_openai_server() as server:
        server.enqueue(answer({"items": []}))
        client = openai.OpenAI(base_url=server.base_url, api_key="test")

or as a fixture: `from tests.fakes.openai_server import openai_server  # noqa: F401`
and take `openai_server` as a test argument. Behaviours: `answer`, `recording`,
`malformed`, `rate_limited`, `server_error`, `Reply(..., delay=...)`, `CloseConnection()`.
A request arriving with nothing scripted gets HTTP 599 (a 5xx, so clients retry, then fail).
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

RECORDINGS = Path(__file__).resolve().parent.parent / "recordings"
CHAT_PATHS = ("/v1/chat/completions", "/chat/completions")


@dataclass(frozen=True)
class Reply:
    """Send this status, headers and JSON body, optionally after a delay."""

    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class CloseConnection:
    """Read the request, then drop the socket without answering."""


Behaviour = Reply | CloseConnection


def completion(content: str, *, model: str = "gpt-4o-mini", finish_reason: str = "stop") -> dict:
    """A chat.completion envelope around one assistant message, as the API returns it."""
    return {
        "id": "chatcmpl-fake0001",
        "object": "chat.completion",
        "created": 1764072000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
        "system_fingerprint": "fp_fake",
    }


def answer(parsed: Any, *, delay: float = 0.0) -> Reply:
    """A 200 reply whose message content is `parsed` serialised as JSON."""
    return Reply(completion(json.dumps(parsed)), delay=delay)


def malformed(content: str = '{"items": [{"task": "Send the') -> Reply:
    """A 200 reply whose message content is not valid JSON (a truncated answer)."""
    return Reply(completion(content))


def recording(name: str, *, delay: float = 0.0) -> Reply:
    """Replay tests/recordings/<name>.json, a full response body as the API sent it."""
    body = json.loads((RECORDINGS / f"{name}.json").read_text(encoding="utf-8"))
    return Reply(body, delay=delay)


def rate_limited(retry_after: float = 0.05) -> Reply:
    return Reply(
        _error("Rate limit reached for requests", "rate_limit_exceeded"),
        status=429,
        headers={"Retry-After": f"{retry_after:g}"},
    )


def server_error(status: int = 500) -> Reply:
    return Reply(_error("The server had an error while processing your request.", None), status)


def _error(message: str, code: str | None) -> dict:
    return {"error": {"message": message, "type": "server_error", "param": None, "code": code}}


@dataclass(frozen=True)
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def messages(self) -> list[dict]:
        return self.body.get("messages", [])

    def message_text(self, role: str) -> str:
        """All content sent under `role`, joined, so tests can search the prompt."""
        return "\n".join(m["content"] for m in self.messages if m.get("role") == role)


class FakeOpenAIServer:
    """Scripted chat-completions endpoint on 127.0.0.1, port chosen by the OS."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self._script: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def enqueue(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._script.extend(behaviours)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._script)

    def start(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next(self, request: RecordedRequest) -> Behaviour:
        with self._lock:
            self.requests.append(request)
            if self._script:
                return self._script.popleft()
        return Reply(_error("fake server: no scripted response left", None), status=599)


def _handler_for(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            if self.path not in CHAT_PATHS:
                self._send(Reply(_error(f"unknown path {self.path}", None), status=404))
                return
            recorded = RecordedRequest(self.path, dict(self.headers.items()), json.loads(raw))
            behaviour = server._next(recorded)
            if isinstance(behaviour, CloseConnection):
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            if behaviour.delay and server._stopping.wait(behaviour.delay):
                return
            self._send(behaviour)

        def _send(self, reply: Reply) -> None:
            payload = json.dumps(reply.body).encode("utf-8")
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    return Handler


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAIServer]:
    server = FakeOpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def openai_server() -> Iterator[FakeOpenAIServer]:
    """The same server as a fixture: import it into a test module to use it by name."""
    with fake_openai_server() as server:
        yield server
