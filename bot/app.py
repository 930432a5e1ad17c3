"""The composition root: one Bolt app, its dependencies and its workers, built once.

HTTP mode and Socket Mode serve the same App. `process_before_response=True` makes each
listener's ack function run before the response goes back, which is what lets a
listener write its job down *before* acking; the "work started" touches run in
`deps.after_ack`'s threads while the response goes back (bot/listeners/started.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from slack_bolt import App
from sqlalchemy import Engine

from bot.deps import BotDeps, ClientFor
from bot.jobs import job_handlers, report_exhausted
from bot.listeners import register_all
from bot.listeners.errors import answer_listener_error
from bot.oauth import InstalledClients, cached_authorize, installation_store, oauth_settings
from bot.slack_client import make_client
from coordination.clock import Clock
from coordination.db import open_engine
from coordination.ingest.extraction import build_extractor
from coordination.settings import Settings
from coordination.worker import Worker

log = logging.getLogger(__name__)

WORKER_POLL_SECONDS = 1.0


def oauth_mode(settings: Settings) -> bool:
    """Without a bot token but with OAuth credentials, workspaces install the app."""
    return not settings.slack_bot_token and bool(settings.slack_client_id)


def clients_for(settings: Settings, engine: Engine) -> ClientFor:
    """The workspace's client by team id: the bot token, or each OAuth install's own."""
    if oauth_mode(settings):
        store = installation_store(settings, engine)
        return InstalledClients(store, engine, settings.slack_api_url)
    client = make_client(token=settings.slack_bot_token, base_url=settings.slack_api_url)
    return lambda _team_id: client


def build_deps(settings: Settings, *, clock: Clock, engine: Engine | None = None) -> BotDeps:
    """`clock` is the one time every listener, job and worker of this process reads."""
    engine = engine or open_engine(settings.database_url)
    return BotDeps(
        engine=engine,
        settings=settings,
        client_for=clients_for(settings, engine),
        extractor=build_extractor(settings),
        clock=clock,
    )


def build_app(deps: BotDeps) -> App:
    settings = deps.settings
    common = {
        "signing_secret": settings.slack_signing_secret,
        "process_before_response": True,
        "client": make_client(token=settings.slack_bot_token, base_url=settings.slack_api_url),
    }
    if oauth_mode(settings):
        store = installation_store(settings, deps.engine)
        app = App(
            **common,
            authorize=cached_authorize(settings, store),
            oauth_settings=oauth_settings(settings, deps.engine, deps.clock, store),
        )
    else:
        app = App(**common)  # the client carries the bot token
    register_all(app, deps)
    app.error(answer_listener_error)
    return app


def build_workers(deps: BotDeps, count: int) -> list[Worker]:
    """Workers sleep until this process enqueues (deps.work_enqueued) or, for jobs other
    replicas accepted or left behind, until the poll interval passes."""
    handlers = job_handlers(deps)
    on_exhausted = report_exhausted(deps)
    return [
        Worker(
            deps.engine,
            handlers,
            clock=deps.clock,
            on_exhausted=on_exhausted,
            poll_interval=WORKER_POLL_SECONDS,
            wake=deps.work_enqueued,
            lease=timedelta(seconds=deps.settings.job_lease_seconds),
            heartbeat=timedelta(seconds=deps.settings.job_heartbeat_seconds),
        )
        for _ in range(count)
    ]


@dataclass
class Runtime:
    """Everything `serve` runs in one process. `background` holds extra starters, such
    as the scheduler's in-process ticker (bot/scheduling, built elsewhere)."""

    deps: BotDeps
    app: App
    workers: list[Worker]
    background: list[Callable[[], object]] = field(default_factory=list)

    def start_background(self) -> None:
        for worker in self.workers:
            worker.start()
        for start in self.background:
            start()

    def stop(self, *, wait: float = 0.0) -> None:
        for worker in self.workers:
            worker.stop()
        for worker in self.workers:
            worker.stop(wait=wait)


def build_runtime(
    settings: Settings, *, clock: Clock, workers: int = 2, engine: Engine | None = None
) -> Runtime:
    deps = build_deps(settings, clock=clock, engine=engine)
    return Runtime(deps=deps, app=build_app(deps), workers=build_workers(deps, workers))
