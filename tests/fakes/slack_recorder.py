"""A minimal local Slack Web API for tests: records every call, answers the few we use.

slack_sdk talks plain HTTP to `base_url`, so tests (and subprocesses started by tests,
through SLACK_API_URL) point a real WebClient here. It answers chat.postMessage,
conversations.open, conversations.history and auth.test like Slack does; posted
messages keep their metadata so the "did my first attempt land?" check works.
`fail_next(method, status=429, retry_after=1)` or `status=500` scripts failures.

    with slack_recorder() as slack:
        client = make_client(token="xoxb-test", base_url=slack.base_url)
        ...
        assert len(slack.posts()) == 1
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class Failure:
    status: int
    retry_after: int | None = None
    error: str = "ratelimited"


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]


class SlackRecorder:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.history: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.failures: dict[str, deque[Failure]] = defaultdict(deque)
        self.lock = threading.Lock()
        self._ts = itertools.count(1)
        self.base_url = ""

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        error: str = "ratelimited",
    ) -> None:
        for _ in range(times):
            self.failures[method].append(Failure(status, retry_after, error))

    def posts(self) -> list[dict[str, Any]]:
        """Every chat.postMessage that Slack accepted (failed attempts are not messages)."""
        with self.lock:
            return [m for messages in self.history.values() for m in messages]

    def answer(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, str], dict]:
        with self.lock:
            self.calls.append(Call(method, args))
            if self.failures[method]:
                failure = self.failures[method].popleft()
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
                return failure.status, headers, {"ok": False, "error": failure.error}
            return 200, {}, self._ok(method, args)

    def _ok(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "")).lstrip("UW")}}
        if method == "chat.postMessage":
            ts = f"{1764000000 + next(self._ts)}.000100"
            message = {
                "ts": ts,
                "text": args.get("text"),
                "blocks": args.get("blocks"),
                "channel": args.get("channel"),
                "metadata": args.get("metadata"),
            }
            self.history[str(args.get("channel"))].append(message)
            return {"ok": True, "channel": args.get("channel"), "ts": ts, "message": message}
        if method == "conversations.history":
            return {"ok": True, "messages": list(reversed(self.history[str(args.get("channel"))]))}
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "team_id": "T1", "bot_id": "B1"}
        return {"ok": False, "error": "unknown_method"}


def _args(handler: BaseHTTPRequestHandler) -> dict[str, Any]:
    args: dict[str, Any] = dict(parse_qsl(urlsplit(handler.path).query))
    length = int(handler.headers.get("Content-Length") or 0)
    body = handler.rfile.read(length).decode() if length else ""
    if body and "json" in (handler.headers.get("Content-Type") or ""):
        args.update(json.loads(body))
    elif body:
        args.update(parse_qsl(body))
    for key in ("blocks", "metadata"):
        if isinstance(args.get(key), str):
            args[key] = json.loads(args[key])
    return args


def _handler(recorder: SlackRecorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            method = urlsplit(self.path).path.rsplit("/", 1)[-1]
            status, headers, body = recorder.answer(method, _args(self))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _serve

        def log_message(self, *args: object) -> None:
            """Quiet: pytest output stays readable."""

    return Handler


@contextmanager
def slack_recorder() -> Iterator[SlackRecorder]:
    recorder = SlackRecorder()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))
    recorder.base_url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
