"""`followthrough serve`: workers in the background, Slack in front (HTTP or Socket Mode)."""

from __future__ import annotations

import logging
import signal
import threading

from bot.app import Runtime, build_deps, build_runtime, build_workers, oauth_mode
from bot.dashboard import dashboard_app
from bot.http import Readiness, make_http_server
from bot.scheduling import start_scheduler
from coordination.clock import Clock
from coordination.errors import UserError
from coordination.settings import Settings
from storage.migrate import ensure_schema

log = logging.getLogger(__name__)


def readiness_for(runtime: Runtime) -> Readiness:
    settings = runtime.deps.settings
    if oauth_mode(settings):
        return Readiness(runtime.deps.engine, check_token=lambda: True)
    client = runtime.app.client
    return Readiness(runtime.deps.engine, check_token=lambda: bool(client.auth_test()["ok"]))


SHUTDOWN_GRACE_SECONDS = 20.0
"""On SIGTERM, running jobs get this long to finish; the rest wait for their lease."""


def _stop_serving(signum: int, frame: object) -> None:
    """SIGTERM (a deploy, a scale-down) unwinds like Ctrl-C, so running jobs can finish."""
    raise KeyboardInterrupt


def serve(settings: Settings, *, clock: Clock, socket: bool = False, workers: int = 2) -> None:
    if not settings.slack_signing_secret and not socket:
        raise UserError("SLACK_SIGNING_SECRET is needed to verify requests from Slack.")
    if socket and not settings.slack_app_token:
        raise UserError("Socket Mode needs SLACK_APP_TOKEN (an xapp- token).")
    runtime = build_runtime(settings, clock=clock, workers=workers)
    ensure_schema(runtime.deps.engine)
    deps = runtime.deps
    runtime.background.append(
        lambda: start_scheduler(
            deps.engine, deps.client_for, clock=clock, public_url=settings.public_url
        )
    )
    runtime.start_background()
    server = make_http_server(
        runtime.app,
        readiness_for(runtime),
        port=settings.port,
        pages=dashboard_app(settings, runtime.deps.engine, runtime.deps.clock),
    )
    signal.signal(signal.SIGTERM, _stop_serving)
    try:
        if socket:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            SocketModeHandler(runtime.app, settings.slack_app_token).connect()
        log.info("serving on port %s", settings.port)
        server.serve_forever()
    finally:
        runtime.stop(wait=SHUTDOWN_GRACE_SECONDS)
        server.server_close()


def run_workers(settings: Settings, *, clock: Clock, threads: int) -> None:
    """Job workers alone, for deployments that keep slow work out of the web replicas
    (`serve --workers 0`): the acks then never wait behind extraction for the CPU."""
    deps = build_deps(settings, clock=clock)
    ensure_schema(deps.engine)
    workers = build_workers(deps, threads)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    for worker in workers:
        worker.start()
    log.info("%s job workers running", threads)
    stop.wait()
    for worker in workers:
        worker.stop()
    for worker in workers:
        worker.stop(wait=SHUTDOWN_GRACE_SECONDS)
