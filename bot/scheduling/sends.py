"""The outbox's scheduled sends bound to Slack: its sender over the given clients, its
composer over the Block Kit views. The deciding, claiming and stamping is the domain's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from bot.scheduling.compose import SLACK_COMPOSER
from bot.sending import Clients, WebApiSender
from coordination.clock import Clock
from coordination.outbox import SendOutcome, scheduled
from coordination.programs.records import Program
from coordination.reminders.policy import DEFAULT_POLICY, ReminderPolicy


def run_reminder_sweep(
    engine: Engine, clients: Clients, clock: Clock, *, policy: ReminderPolicy = DEFAULT_POLICY
) -> list[SendOutcome]:
    sender = WebApiSender(engine, clients)
    return scheduled.run_reminder_sweep(engine, sender, SLACK_COMPOSER, clock, policy=policy)


def post_digest(
    engine: Engine,
    clients: Clients,
    program: Program,
    clock: Clock,
    *,
    week_of: date | None = None,
    public_url: str | None = None,
) -> SendOutcome:
    sender = WebApiSender(engine, clients)
    return scheduled.post_digest(
        engine, sender, SLACK_COMPOSER, program, clock, week_of=week_of, public_url=public_url
    )


def post_due_digests(
    engine: Engine, clients: Clients, clock: Clock, *, public_url: str | None = None
) -> list[SendOutcome]:
    sender = WebApiSender(engine, clients)
    return scheduled.post_due_digests(engine, sender, SLACK_COMPOSER, clock, public_url=public_url)


def send_slip_alerts(engine: Engine, clients: Clients, clock: Clock) -> list[SendOutcome]:
    return scheduled.send_slip_alerts(engine, WebApiSender(engine, clients), SLACK_COMPOSER, clock)
