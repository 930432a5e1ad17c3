"""`followthrough serve`: workers in the background, Slack in front (HTTP or Socket Mode)."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from datetime import timedelta

from bot.app import Runtime, build_deps, build_runtime, build_workers, oauth_mode
from bot.dashboard import dashboard_app
from bot.http import Readiness, make_http_server
from bot.scheduling import start_scheduler
from bot.worker_processes import SUPERVISOR_PID_ENV, WorkerProcesses
from coordination.clock import Clock
from coordination.errors import UserError
from coordination.schema import ensure_schema
from coordination.settings import Settings

log = logging.getLogger(__name__)


def readiness_for(runtime: Runtime, check_workers: Callable[[], bool] | None = None) -> Readiness:
    """`check_workers` is the pool this process runs (its threads or its worker
    processes); a web replica of the split runs none and is not asked about one."""
    engine = runtime.deps.engine
    if oauth_mode(runtime.deps.settings):
        return Readiness(engine, check_token=lambda: True, check_workers=check_workers)
    client = runtime.app.client
    return Readiness(
        engine, check_token=lambda: bool(client.auth_test()["ok"]), check_workers=check_workers
    )


def _pool_check(runtime: Runtime, processes: WorkerProcesses | None) -> Callable[[], bool] | None:
    if processes is not None:
        return processes.running
    if runtime.workers:
        return lambda: all(worker.running() for worker in runtime.workers)
    return None


SHUTDOWN_GRACE_SECONDS = 20.0
"""On SIGTERM, running jobs get this long to finish; the rest wait for their lease."""


def _stop_serving(signum: int, frame: object) -> None:
    """SIGTERM (a deploy, a scale-down) unwinds like Ctrl-C, so running jobs can finish."""
    raise KeyboardInterrupt


def _worker_processes(settings: Settings, workers: int | None) -> WorkerProcesses | None:
    """None when jobs run in this process's threads (`--workers N`) or elsewhere."""
    if workers is not None or settings.worker_processes == 0:
        return None
    return WorkerProcesses(settings.worker_processes, settings.worker_threads)


def serve(
    settings: Settings, *, clock: Clock, socket: bool = False, workers: int | None = None
) -> None:
    """`workers=None` (the default) supervises `settings.worker_processes` worker
    processes; a number runs that many job threads in this process instead (0: none,
    for a web replica whose jobs run in `followthrough worker` processes)."""
    if not settings.slack_signing_secret and not socket:
        raise UserError("SLACK_SIGNING_SECRET is needed to verify requests from Slack.")
    if socket and not settings.slack_app_token:
        raise UserError("Socket Mode needs SLACK_APP_TOKEN (an xapp- token).")
    runtime = build_runtime(settings, clock=clock, workers=workers or 0)
    ensure_schema(runtime.deps.engine)
    processes = _worker_processes(settings, workers)
    deps = runtime.deps
    runtime.background.append(
        lambda: start_scheduler(
            deps.engine,
            deps.client_for,
            clock=clock,
            public_url=settings.public_url,
            retention=timedelta(days=settings.retention_days),
        )
    )
    runtime.start_background()
    if processes is not None:
        processes.start()
    server = make_http_server(
        runtime.app,
        readiness_for(runtime, _pool_check(runtime, processes)),
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
        if processes is not None:
            processes.stop(grace=SHUTDOWN_GRACE_SECONDS)
        runtime.stop(wait=SHUTDOWN_GRACE_SECONDS)
        server.server_close()


WORKER_NICENESS = 10
"""A worker `serve` started yields the CPU to it: on a busy machine the acks go first."""


def _supervised_by_serve(stop: threading.Event) -> None:
    """A worker `serve` started runs at a lower CPU priority than `serve`, and ends when
    `serve` is gone, even after a kill -9."""
    parent = os.environ.get(SUPERVISOR_PID_ENV)
    if not parent:
        return
    os.nice(WORKER_NICENESS)

    def watch() -> None:
        while not stop.wait(1.0):
            if os.getppid() != int(parent):
                log.warning("serve is gone; stopping")
                stop.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def run_workers(settings: Settings, *, clock: Clock, threads: int) -> None:
    """Job workers alone: the processes plain `serve` supervises, or a deployment's own
    beside `serve --no-workers`; the acks then never wait behind extraction for the CPU."""
    deps = build_deps(settings, clock=clock)
    ensure_schema(deps.engine)
    workers = build_workers(deps, threads)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    _supervised_by_serve(stop)
    for worker in workers:
        worker.start()
    log.info("%s job workers running", threads)
    stop.wait()
    for worker in workers:
        worker.stop()
    for worker in workers:
        worker.stop(wait=SHUTDOWN_GRACE_SECONDS)
