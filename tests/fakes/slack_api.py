"""A local fake of Slack for tests: the Web API the bot calls, and Slack's side of
the Events API (signed requests to the app).

The Web API half is stdlib http.server in a thread. It records every call (method and
parameters), answers from fixtures (threads, users, files), and can be scripted per
method to answer 429 with Retry-After, 5xx, or an error such as channel_not_found.
File downloads (`/files/NAME`) and response_url posts (`/response/ID`) are served too.
Accepted posts keep their metadata in the channel's history, so the sender's "did my
first attempt land?" check works; `posts()` lists only what Slack accepted.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_signin_files import SignInAndUploads

BOT_USER = "UBOT"
TEAM = "T1"


@dataclass(frozen=True)
class Scripted:
    status: int = 200
    body: dict[str, Any] = field(default_factory=lambda: {"ok": True})
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering; the call is recorded (it reached Slack) first."""


def rate_limited(retry_after: int = 1) -> Scripted:
    return Scripted(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})


def error(code: str) -> Scripted:
    return Scripted(200, {"ok": False, "error": code})


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    token: str = ""
    accepted: bool = True


class FakeSlack(SignInAndUploads):
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.responses: list[dict[str, Any]] = []
        self.threads: dict[tuple[str, str], list[dict]] = {}
        self.users: dict[str, dict] = {}
        self.files: dict[str, dict] = {}
        self.file_bytes: dict[str, bytes] = {}
        self.script: defaultdict[str, deque[Scripted]] = defaultdict(deque)
        self.page_size = 2
        self.oauth_grant: dict[str, Any] = {}
        self.socket_mode_url: str | None = None
        """What apps.connections.open answers (tests/fakes/socket_mode.py serves it)."""
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._init_signin_files()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    base_url = api_url

    def start(self) -> FakeSlack:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_user(self, user_id: str, name: str, tz: str = "Europe/Paris") -> None:
        self.users[user_id] = {
            "id": user_id,
            "name": name.lower(),
            "tz": tz,
            "profile": {"display_name": name, "real_name": name},
        }

    def add_file(self, file_id: str, name: str, data: bytes, channel: str, ts: str) -> None:
        self.file_bytes[file_id] = data
        self.files[file_id] = {
            "id": file_id,
            "name": name,
            "created": 1795000000,
            "url_private_download": f"{self.url}/files/{file_id}",
            "shares": {"public": {channel: [{"ts": ts}]}},
        }

    def called(self, method: str) -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def posts(self) -> list[dict[str, Any]]:
        """Messages Slack accepted: a post answered with 429 or 5xx is not a message."""
        with self._lock:
            return [c.params for c in self.calls if c.method == "chat.postMessage" and c.accepted]

    def fail_next(
        self,
        method: str,
        *,
        status: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        error: str = "ratelimited",
    ) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        for _ in range(times):
            self.script[method].append(Scripted(status, {"ok": False, "error": error}, headers))

    def answer(
        self, method: str, params: dict[str, Any], token: str = "", authorization: str = ""
    ) -> Scripted:
        with self._lock:
            call = Call(method, params, time.monotonic(), token)
            self.calls.append(call)
            if self.script[method]:
                reply = self.script[method].popleft()
                call.accepted = reply.status == 200 and reply.body.get("ok", False)
                if call.accepted and "ts" in reply.body:
                    params["ts"] = reply.body["ts"]
                    self._keep_reply(params)
                return reply
        with self._lock:
            extra = self.signin_or_files(method, params, authorization)
            if extra is not None:
                call.accepted = bool(extra.get("ok"))
                return Scripted(body=extra)
        return Scripted(body=self._fixture(method, params))

    def _fixture(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        ok = {"ok": True}
        if method == "oauth.v2.access":
            return {**ok, **self.oauth_grant}
        if method == "apps.connections.open":
            if not self.socket_mode_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {**ok, "url": self.socket_mode_url}
        if method == "auth.test":
            return {**ok, "team": "Acme", "team_id": TEAM, "user_id": BOT_USER, "bot_id": "B1"}
        if method == "chat.postMessage":
            params["ts"] = f"1800000000.{next(self._ts):06d}"
            self._keep_reply(params)
            return {**ok, "channel": params.get("channel"), "ts": params["ts"]}
        if method == "conversations.open":
            return {**ok, "channel": {"id": "D" + str(params.get("users", "")).lstrip("UW")}}
        if method == "conversations.replies":
            return self._replies(params)
        if method == "conversations.history":
            return {**ok, "messages": self._history(str(params.get("channel")))}
        if method == "users.info":
            user = self.users.get(str(params.get("user")))
            return {**ok, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "files.info":
            file = self.files.get(str(params.get("file")))
            return {**ok, "file": file} if file else {"ok": False, "error": "file_not_found"}
        return ok

    def _keep_reply(self, params: dict[str, Any]) -> None:
        """A reply joins its thread, where conversations.replies (not history) lists it."""
        if params.get("thread_ts"):
            key = (str(params["channel"]), str(params["thread_ts"]))
            reply = {name: params.get(name) for name in ("ts", "text", "metadata")}
            self.threads[key] = [*self.threads.get(key, []), reply]  # fixtures stay untouched

    def _history(self, channel: str) -> list[dict[str, Any]]:
        """What was posted to a channel, newest first, with its metadata, as Slack keeps it."""
        posted = [
            {
                "ts": c.params.get("ts"),
                "text": c.params.get("text"),
                "metadata": c.params.get("metadata"),
            }
            for c in self.calls
            if c.method == "chat.postMessage"
            and c.accepted
            and c.params.get("channel") == channel
            and not c.params.get("thread_ts")
        ]
        return posted[::-1]

    def _replies(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (str(params.get("channel")), str(params.get("ts")))
        if key not in self.threads:
            return {"ok": False, "error": "channel_not_found"}
        start = int(params.get("cursor") or 0)
        messages = self.threads[key][start : start + self.page_size]
        more = start + self.page_size < len(self.threads[key])
        cursor = str(start + self.page_size) if more else ""
        return {
            "ok": True,
            "messages": messages,
            "has_more": more,
            "response_metadata": {"next_cursor": cursor},
        }


def _params(handler: BaseHTTPRequestHandler, body: bytes) -> dict[str, Any]:
    if handler.headers.get("Content-Type", "").startswith("application/json"):
        return json.loads(body or b"{}")
    query = urllib.parse.urlsplit(handler.path).query
    parsed = urllib.parse.parse_qs(query, keep_blank_values=True)
    parsed.update(urllib.parse.parse_qs(body.decode(), keep_blank_values=True))
    params: dict[str, Any] = {k: v[0] for k, v in parsed.items()}
    for name in ("blocks", "view", "metadata"):
        if isinstance(params.get(name), str):
            params[name] = json.loads(params[name])
    return params


def _handler(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith("/openid/connect/authorize"):
                status, headers, page = fake.authorize(urllib.parse.urlsplit(self.path).query)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)
                return
            data = fake.file_bytes.get(self.path.removeprefix("/files/"))
            self.send_response(200 if data is not None else 404)
            self.end_headers()
            self.wfile.write(data or b"")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.startswith("/response/"):
                fake.responses.append(json.loads(body))
                return self._send(Scripted(body={"ok": True}))
            if self.path.startswith("/upload/"):
                status = fake.receive_upload(self.path.removeprefix("/upload/"), body)
                return self._send(Scripted(status=status, body={"ok": status == 200}))
            method = urllib.parse.urlsplit(self.path).path.removeprefix("/api/")
            authorization = self.headers.get("Authorization", "")
            token = authorization.removeprefix("Bearer ")
            self._send(fake.answer(method, _params(self, body), token, authorization))

        def _send(self, reply: Scripted) -> None:
            time.sleep(reply.delay)
            data = json.dumps(reply.body).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    try:
        yield fake
    finally:
        fake.stop()


class SlackSender:
    """Slack's side of the Events API: signed POSTs to the app's /slack/events."""

    def __init__(self, app_url: str, signing_secret: str) -> None:
        self.app_url, self.verifier = app_url, SignatureVerifier(signing_secret)
        self._ids = itertools.count(1)

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        sig = signature or self.verifier.generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(
            f"{self.app_url}/slack/events",
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": sig,
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as failure:
            return failure.code, failure.read().decode()

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, **kw: Any
    ) -> tuple[int, str]:
        envelope = {
            "type": "event_callback",
            "team_id": TEAM,
            "api_app_id": "A1",
            "event_id": event_id or f"Ev{next(self._ids)}",
            "event_time": int(time.time()),
            "event": event,
        }
        return self.post(json.dumps(envelope), "application/json", **kw)

    def form(self, fields: dict[str, str]) -> tuple[int, str]:
        return self.post(urllib.parse.urlencode(fields), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> tuple[int, str]:
        return self.form({"payload": json.dumps(payload)})
