"""A local fake of Slack for tests: the Web API the bot calls, and Slack's side of
the Events API (signed requests to the app).

The Web API half is stdlib http.server in a thread. It records every call (method and
parameters), answers from fixtures (threads, users, files), and can be scripted per
method to answer 429 with Retry-After, 5xx, or an error such as channel_not_found.
File downloads (`/files/NAME`) and response_url posts (`/response/ID`) are served too.
Accepted posts keep their metadata in the channel's history, so the sender's "did my
first attempt land?" check works; `posts()` lists only what Slack accepted.

It refuses what Slack refuses: blocks that slack_sdk's Block Kit models reject, over
50 per message (100 per view), duplicate block ids or more than about 13k characters
of blocks (`invalid_blocks`, `msg_blocks_too_long`), text over 40,000 characters
(`msg_too_long`), chat.update of a message it never posted or an ephemeral one
(`message_not_found`), calls with a revoked token (`token_revoked`), and, once it has
a user directory (`add_user`), DMs and ephemeral messages to users it does not know.
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

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
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


MESSAGE_BLOCKS, VIEW_BLOCKS = 50, 100
BLOCKS_CHARS = 13_000
TEXT_CHARS = 40_000
TEXT_OBJECT_CHARS = 3_000


def _texts(value: Any) -> Iterator[str]:
    """Every text object's text in a block, however deep."""
    if isinstance(value, dict):
        if value.get("type") in ("mrkdwn", "plain_text") and isinstance(value.get("text"), str):
            yield value["text"]
        for child in value.values():
            yield from _texts(child)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child)


def _block_problem(block: Any) -> str | None:
    try:
        parsed = Block.parse(block)
        if parsed is None:
            return f"unknown block {block!r:.80}"
        parsed.to_dict()  # validate_json() on the block and everything inside it
    except (SlackObjectFormationError, TypeError, ValueError, KeyError) as failure:
        return f"{block.get('type')}: {failure}"
    if any(len(text) > TEXT_OBJECT_CHARS for text in _texts(block)):
        return f"{block.get('type')}: a text over {TEXT_OBJECT_CHARS} characters"
    action_ids = [e.get("action_id") for e in block.get("elements", []) if e.get("action_id")]
    if len(set(action_ids)) != len(action_ids):
        return f"duplicate action_id in {block.get('block_id')}"
    return None


def block_problems(blocks: Any, *, max_blocks: int = MESSAGE_BLOCKS) -> list[str]:
    """What Slack would object to in `blocks`, as Slack judges it (empty when fine)."""
    if blocks is None:
        return []
    if not isinstance(blocks, list):
        return ["blocks is not a list"]
    problems = [p for p in map(_block_problem, blocks) if p]
    if len(blocks) > max_blocks:
        problems.append(f"{len(blocks)} blocks, over {max_blocks}")
    ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(set(ids)) != len(ids):
        problems.append("duplicate block_id")
    return problems


def blocks_too_long(blocks: Any) -> bool:
    return blocks is not None and len(json.dumps(blocks, separators=(",", ":"))) > BLOCKS_CHARS


def view_problems(view: Any) -> list[str]:
    if not isinstance(view, dict):
        return ["view is not an object"]
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, ValueError) as failure:
        return [str(failure)]
    return block_problems(view.get("blocks"), max_blocks=VIEW_BLOCKS)


def message_refusal(params: dict[str, Any]) -> str | None:
    """Slack's error for a message payload it would not take, or None."""
    if len(str(params.get("text") or "")) > TEXT_CHARS:
        return "msg_too_long"
    if block_problems(params.get("blocks")):
        return "invalid_blocks"
    if blocks_too_long(params.get("blocks")):
        return "msg_blocks_too_long"
    return None


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
    error: str | None = None


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
        self.revoked_tokens: set[str] = set()
        self.installs: dict[str, dict[str, Any]] = {}
        """auth.test's answer per token (team, enterprise) for workspaces other than T1."""
        self.refused_responses: list[dict[str, Any]] = []
        self.reactions: set[tuple[str, str, str]] = set()
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

    def add_user(
        self,
        user_id: str,
        name: str,
        tz: str = "Europe/Paris",
        *,
        deleted: bool = False,
        is_bot: bool = False,
    ) -> None:
        self.users[user_id] = {
            "id": user_id,
            "name": name.lower(),
            "tz": tz,
            "deleted": deleted,
            "is_bot": is_bot,
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
        return self.accepted("chat.postMessage")

    def accepted(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.params for c in self.calls if c.method == method and c.accepted]

    def refused(self) -> list[tuple[str, str]]:
        """(method, error) of every call Slack answered with an error."""
        with self._lock:
            return [(c.method, c.error) for c in self.calls if c.error]

    def sent_payloads(self) -> list[Any]:
        """Everything the app asked Slack to show anyone: messages, updates, ephemeral
        messages, views and response_url answers, accepted or not."""
        shown = (
            "chat.postMessage",
            "chat.update",
            "chat.postEphemeral",
            "views.publish",
            "views.open",
            "views.update",
        )
        with self._lock:
            calls = [c.params for c in self.calls if c.method in shown]
        return [*calls, *self.responses, *self.refused_responses]

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
            if token in self.revoked_tokens and method != "oauth.v2.access":
                call.accepted, call.error = False, "token_revoked"
                return Scripted(body={"ok": False, "error": "token_revoked"})
            if self.script[method]:
                reply = self.script[method].popleft()
                call.accepted = reply.status == 200 and reply.body.get("ok", False)
                call.error = None if call.accepted else reply.body.get("error")
                if call.accepted and "ts" in reply.body:
                    params["ts"] = reply.body["ts"]
                    self._keep_reply(params)
                return reply
        with self._lock:
            extra = self.signin_or_files(method, params, authorization)
        body = extra if extra is not None else self._fixture(method, params, token)
        with self._lock:
            call.accepted = bool(body.get("ok"))
            call.error = None if call.accepted else body.get("error")
        return Scripted(body=body)

    def _user_refusal(self, user_id: str) -> str | None:
        """Once the fake has a directory, it knows who can get a DM."""
        user = self.users.get(user_id)
        if user is None:
            return "user_not_found" if self.users else None
        if user.get("is_bot"):
            return "cannot_dm_bot"
        return "user_disabled" if user.get("deleted") else None

    def _fixture(self, method: str, params: dict[str, Any], token: str) -> dict[str, Any]:
        ok = {"ok": True}
        if method == "oauth.v2.access":
            return {**ok, **self.oauth_grant}
        if method == "apps.connections.open":
            if not self.socket_mode_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {**ok, "url": self.socket_mode_url}
        if method == "auth.test":
            install = {"team": "Acme", "team_id": TEAM, **self.installs.get(token, {})}
            return {**ok, **install, "user_id": BOT_USER, "bot_id": "B1"}
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            return self._message(method, params)
        if method in ("views.publish", "views.open", "views.update"):
            if problems := view_problems(params.get("view")):
                return {"ok": False, "error": "invalid_arguments", "problems": problems}
            return ok
        if method in ("reactions.add", "reactions.remove"):
            return self._reaction(method, params)
        if method == "reactions.get":
            names = self.reactions_on(str(params.get("channel")), str(params.get("timestamp")))
            reactions = [{"name": n, "users": [BOT_USER], "count": 1} for n in sorted(names)]
            return {**ok, "type": "message", "message": {"reactions": reactions}}
        if method == "conversations.open":
            user = str(params.get("users", ""))
            if refusal := self._user_refusal(user):
                return {"ok": False, "error": refusal}
            return {**ok, "channel": {"id": "D" + user.lstrip("UW")}}
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

    def _message(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if refusal := message_refusal(params):
            return {"ok": False, "error": refusal}
        channel = str(params.get("channel"))
        if method == "chat.update":
            if not self._was_posted(channel, str(params.get("ts"))):
                return {"ok": False, "error": "message_not_found"}
            return {"ok": True, "channel": channel, "ts": params.get("ts")}
        if method == "chat.postEphemeral":
            if refusal := self._user_refusal(str(params.get("user"))):
                return {"ok": False, "error": refusal}
            return {"ok": True, "message_ts": f"1800000000.{next(self._ts):06d}"}
        params["ts"] = f"1800000000.{next(self._ts):06d}"
        self._keep_reply(params)
        return {"ok": True, "channel": channel, "ts": params["ts"]}

    def _was_posted(self, channel: str, ts: str) -> bool:
        with self._lock:
            return any(
                c.method == "chat.postMessage"
                and c.accepted
                and c.params.get("ts") == ts
                and channel in (c.params.get("channel"), "D" + str(c.params.get("channel"))[1:])
                for c in self.calls
            )

    def _reaction(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        key = (str(params.get("channel")), str(params.get("timestamp")), str(params.get("name")))
        with self._lock:
            if method == "reactions.add":
                if key in self.reactions:
                    return {"ok": False, "error": "already_reacted"}
                self.reactions.add(key)
            else:
                if key not in self.reactions:
                    return {"ok": False, "error": "no_reaction"}
                self.reactions.discard(key)
        return {"ok": True}

    def reactions_on(self, channel: str, ts: str) -> set[str]:
        with self._lock:
            return {name for c, t, name in self.reactions if (c, t) == (channel, ts)}

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
                return self._respond(json.loads(body))
            if self.path.startswith("/upload/"):
                status = fake.receive_upload(self.path.removeprefix("/upload/"), body)
                return self._send(Scripted(status=status, body={"ok": status == 200}))
            method = urllib.parse.urlsplit(self.path).path.removeprefix("/api/")
            authorization = self.headers.get("Authorization", "")
            token = authorization.removeprefix("Bearer ")
            self._send(fake.answer(method, _params(self, body), token, authorization))

        def _respond(self, payload: dict[str, Any]) -> None:
            """response_url answers: refused like messages, with the error as plain text."""
            refusal = message_refusal(payload)
            if refusal:
                fake.refused_responses.append(payload)
                data = refusal.encode()
                self.send_response(400)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            fake.responses.append(payload)
            self._send(Scripted(body={"ok": True}))

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
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        envelope: dict[str, Any] | None = None,
        **kw: Any,
    ) -> tuple[int, str]:
        """`envelope` adds or replaces envelope fields: `enterprise_id` and
        `authorizations` as Enterprise Grid sends them, or no `team_id` at all."""
        body = {
            "type": "event_callback",
            "team_id": TEAM,
            "api_app_id": "A1",
            "event_id": event_id or f"Ev{next(self._ids)}",
            "event_time": int(time.time()),
            "event": event,
            **(envelope or {}),
        }
        body = {k: v for k, v in body.items() if v is not None}
        return self.post(json.dumps(body), "application/json", **kw)

    def form(self, fields: dict[str, str]) -> tuple[int, str]:
        return self.post(urllib.parse.urlencode(fields), "application/x-www-form-urlencoded")

    def interaction(self, payload: dict[str, Any]) -> tuple[int, str]:
        return self.form({"payload": json.dumps(payload)})
