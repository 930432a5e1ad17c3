"""The HTTP face of `serve`: Slack's endpoints plus health checks, on one threaded server.

/slack/events takes events, commands, shortcuts and interactivity: a POST passes
`bot.request_gate` (length cap, signature, shape) before Bolt reads it, and Bolt checks
the signature again; /slack/install and /slack/oauth_redirect serve OAuth installs.
Every other path goes to the dashboard's pages when `serve` mounts them.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from sqlalchemy import Engine

from bot.request_gate import RequestLimits, gated
from coordination.db import ping
from coordination.logs import log_context
from coordination.schema import is_current

SLACK_PATHS = ("/slack/events", "/slack/install", "/slack/oauth_redirect")
READY_CACHE_SECONDS = 10.0
StartResponse = Callable[..., Any]


@dataclass
class Readiness:
    """DB reachable, schema current, Slack token valid, job workers running (when this
    process runs them); cached so probes cost little."""

    engine: Engine
    check_token: Callable[[], bool]
    check_workers: Callable[[], bool] | None = None
    _cached: tuple[float, dict[str, bool]] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _probe(self) -> dict[str, bool]:
        checks = {"database": False, "migrations": False, "slack": False}
        if self.check_workers is not None:
            checks["workers"] = self.check_workers()
        try:
            ping(self.engine)
            checks["database"] = True
            checks["migrations"] = is_current(self.engine)
        except Exception:  # any failure means not ready; the body says which check
            return checks
        try:
            checks["slack"] = self.check_token()
        except Exception:
            checks["slack"] = False
        return checks

    def status(self) -> dict[str, bool]:
        with self._lock:
            if self._cached and time.monotonic() - self._cached[0] < READY_CACHE_SECONDS:
                return self._cached[1]
            checks = self._probe()
            self._cached = (time.monotonic(), checks)
            return checks


def _json(start_response: StartResponse, status: str, body: dict[str, Any]) -> Iterable[bytes]:
    data = json.dumps(body).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]


WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


def wsgi_app(
    app: App,
    readiness: Readiness,
    pages: WsgiApp | None = None,
    limits: RequestLimits | None = None,
) -> WsgiApp:
    slack = gated(SlackRequestHandler(app), app, limits or RequestLimits.from_environment())

    def route(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            return _json(start_response, "200 OK", {"status": "ok"})
        if path == "/readyz":
            checks = readiness.status()
            status = "200 OK" if all(checks.values()) else "503 Service Unavailable"
            return _json(start_response, status, checks)
        if path in SLACK_PATHS:
            with log_context(request_id=uuid.uuid4().hex[:12]):
                return slack(environ, start_response)
        if pages is not None:
            return pages(environ, start_response)
        return _json(start_response, "404 Not Found", {"error": "not found"})

    return route


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256


class QuietHandler(WSGIRequestHandler):
    timeout = 30
    """Seconds a connection may sit idle, so a client that never sends its body does
    not hold a thread forever."""

    def log_message(self, format: str, *args: Any) -> None:  # access logs belong to the proxy
        return


def make_http_server(
    app: App,
    readiness: Readiness,
    *,
    host: str = "0.0.0.0",
    port: int = 3000,
    pages: WsgiApp | None = None,
    limits: RequestLimits | None = None,
) -> ThreadingWSGIServer:
    return make_server(
        host,
        port,
        wsgi_app(app, readiness, pages, limits),
        server_class=ThreadingWSGIServer,
        handler_class=QuietHandler,
    )
