"""One reminder sweep: finish interrupted sends, claim what is due, send it."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from bot.scheduling.reminder_views import escalation_message, reminder_message
from bot.sending import Clients, SendOutcome, deliver, redeliver_expired
from coordination.clock import Clock
from coordination.reminders.plan import EscalationPlan, ReminderPlan
from coordination.reminders.policy import DEFAULT_POLICY, ReminderPolicy
from coordination.reminders.sweep import Composers, claim_due_reminders

log = logging.getLogger(__name__)


def _compose_reminder(plan: ReminderPlan) -> dict:
    return reminder_message(plan).as_payload()


def _compose_escalation(plan: EscalationPlan) -> dict:
    return escalation_message(plan).as_payload()


COMPOSERS = Composers(reminder=_compose_reminder, escalation=_compose_escalation)


def run_reminder_sweep(
    engine: Engine, clients: Clients, clock: Clock, *, policy: ReminderPolicy = DEFAULT_POLICY
) -> list[SendOutcome]:
    """Safe to run in every replica at once: each DM's claim decides who sends it.

    Expired claims go first, so a message a crashed process claimed yesterday is not
    overtaken by today's. Who is due is decided at one moment, the sweep's start; each
    send then reads the clock again to renew its lease.
    """
    outcomes = redeliver_expired(engine, clients, clock=clock)
    claimed = claim_due_reminders(engine, now=clock(), compose=COMPOSERS, policy=policy)
    for delivery in claimed:
        outcomes.append(deliver(engine, clients, delivery, clock=clock))
    log.info(
        "reminder sweep",
        extra={"sent": sum(o.status == "sent" for o in outcomes), "total": len(outcomes)},
    )
    return outcomes
