"""One reminder sweep: finish interrupted sends, claim what is due, send it."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine

from bot.scheduling.reminder_views import escalation_message, reminder_message
from bot.sending import Clients, SendOutcome, deliver, redeliver_expired
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
    engine: Engine, clients: Clients, now: datetime, *, policy: ReminderPolicy = DEFAULT_POLICY
) -> list[SendOutcome]:
    """Safe to run in every replica at once: each DM's claim decides who sends it.

    Expired claims go first, so a message a crashed process claimed yesterday is not
    overtaken by today's.
    """
    outcomes = redeliver_expired(engine, clients, now=now)
    for delivery in claim_due_reminders(engine, now=now, compose=COMPOSERS, policy=policy):
        outcomes.append(deliver(engine, clients, delivery, now=now))
    log.info(
        "reminder sweep",
        extra={"sent": sum(o.status == "sent" for o in outcomes), "total": len(outcomes)},
    )
    return outcomes
