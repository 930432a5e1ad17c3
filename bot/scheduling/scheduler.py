"""APScheduler 3 as an in-process ticker, never as a shared job store.

Each replica runs its own BackgroundScheduler with in-memory jobs that only ask our
tables what is due; the delivery claims make the sends exactly-once, so every replica
can tick without leader election. `coalesce` and `max_instances=1` stop one slow sweep
from piling up behind itself.
"""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from bot.scheduling.config import SchedulerSettings
from bot.scheduling.sends import post_due_digests, run_reminder_sweep, send_slip_alerts
from bot.sending import Clients
from coordination.clock import Clock, system_clock
from coordination.retention import prune_finished

log = logging.getLogger(__name__)


def start_scheduler(
    engine: Engine,
    clients: Clients,
    settings: SchedulerSettings | None = None,
    *,
    clock: Clock,
    public_url: str | None = None,
    retention: timedelta = timedelta(days=30),
) -> BackgroundScheduler:
    """Starts the reminder sweep and the digest tick in a daemon thread; call
    `.shutdown()` on the result to stop. The first sweep runs at once.

    `clock` is what the jobs decide by. APScheduler fires its triggers on the real
    clock whatever `clock` says, so the first runs are set on the system clock.
    """
    settings = settings or SchedulerSettings()
    policy = settings.policy()
    started = system_clock()
    scheduler = BackgroundScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300},
    )
    scheduler.add_job(
        lambda: run_reminder_sweep(engine, clients, clock, policy=policy),
        IntervalTrigger(minutes=settings.sweep_minutes, timezone=UTC),
        id="reminder_sweep",
        next_run_time=started,
    )
    scheduler.add_job(
        lambda: post_due_digests(engine, clients, clock, public_url=public_url),
        IntervalTrigger(seconds=settings.digest_tick_seconds, timezone=UTC),
        id="digests",
        next_run_time=started + timedelta(seconds=1),
    )
    scheduler.add_job(
        lambda: send_slip_alerts(engine, clients, clock),
        IntervalTrigger(minutes=settings.slip_alert_minutes, timezone=UTC),
        id="slip_alerts",
        next_run_time=started + timedelta(seconds=2),
    )
    scheduler.add_job(
        lambda: prune_finished(engine, now=clock(), older_than=retention),
        IntervalTrigger(minutes=settings.prune_minutes, timezone=UTC),
        id="prune",
        next_run_time=started + timedelta(seconds=3),
    )
    scheduler.start()
    log.info("scheduler started", extra={"sweep_minutes": settings.sweep_minutes})
    return scheduler
