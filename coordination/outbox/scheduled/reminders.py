"""Reminders and escalations: plan from one snapshot, claim and stamp per message, send.

Each message is claimed (a unique key) and its items stamped in ONE transaction, so a
replica that loses the claim stamps nothing, and a crash after the commit leaves a
claim that `redeliver_expired` finishes.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from coordination.clock import Clock
from coordination.outbox.records import Outgoing, SendOutcome
from coordination.outbox.scheduled.compose import Composer
from coordination.outbox.sender import Sender
from coordination.outbox.service import claim_stamped, redeliver_expired, send_claimed
from coordination.reminders.plan import (
    EscalationPlan,
    ReminderPlan,
    plan_escalations,
    plan_reminders,
)
from coordination.reminders.policy import DEFAULT_POLICY, ReminderPolicy
from coordination.reminders.sweep import load_states
from storage import reminder_rows
from storage.models import Delivery

log = logging.getLogger(__name__)


def _claim_reminder(
    engine: Engine, team_id: str, plan: ReminderPlan, composer: Composer, now: datetime
) -> Delivery | None:
    outgoing = Outgoing(
        key=plan.key,
        kind="reminder",
        target=plan.person.slack_user_id,
        subject=f"person:{plan.person.id}",
        payload=composer.reminder(plan),
    )
    return claim_stamped(
        engine,
        team_id=team_id,
        outgoing=outgoing,
        now=now,
        stamp=lambda session: reminder_rows.stamp_nudged(
            session,
            team_id=team_id,
            item_ids=[n.item.id for n in plan.nudges],
            overdue_ids=plan.overdue_item_ids,
            now=now,
        ),
    )


def _claim_escalation(
    engine: Engine, team_id: str, plan: EscalationPlan, composer: Composer, now: datetime
) -> Delivery | None:
    outgoing = Outgoing(
        key=plan.key,
        kind="escalation",
        target=plan.lead.slack_user_id,
        subject=f"item:{plan.item.id}",
        payload=composer.escalation(plan),
    )
    return claim_stamped(
        engine,
        team_id=team_id,
        outgoing=outgoing,
        now=now,
        stamp=lambda session: reminder_rows.stamp_escalated(
            session, team_id=team_id, item_id=plan.item.id, now=now
        ),
    )


def claim_team(
    engine: Engine,
    *,
    team_id: str,
    now: datetime,
    composer: Composer,
    policy: ReminderPolicy = DEFAULT_POLICY,
) -> list[Delivery]:
    """Claims today's reminders and due escalations of one workspace; returns what to send.

    Escalations are planned from the same snapshot as the reminders, so an item reaching
    its Nth nudge in this sweep escalates on a later one, after the owner had a chance.
    """
    with Session(engine) as session:
        items, people = load_states(session, team_id=team_id, now=now)
    claimed = [
        _claim_reminder(engine, team_id, plan, composer, now)
        for plan in plan_reminders(items, people, now, policy)
    ]
    claimed += [
        _claim_escalation(engine, team_id, plan, composer, now)
        for plan in plan_escalations(items, people, now, policy)
    ]
    return [d for d in claimed if d is not None]


def claim_due_reminders(
    engine: Engine,
    *,
    now: datetime,
    composer: Composer,
    policy: ReminderPolicy = DEFAULT_POLICY,
) -> list[Delivery]:
    """Every workspace's due reminders and escalations, claimed; query count per workspace
    is constant (two reads, then one claim transaction per message)."""
    with Session(engine) as session:
        teams = reminder_rows.team_ids(session)
    found: list[Delivery] = []
    for team_id in teams:
        found += claim_team(engine, team_id=team_id, now=now, composer=composer, policy=policy)
    return found


def run_reminder_sweep(
    engine: Engine,
    sender: Sender,
    composer: Composer,
    clock: Clock,
    *,
    policy: ReminderPolicy = DEFAULT_POLICY,
) -> list[SendOutcome]:
    """Safe to run in every replica at once: each DM's claim decides who sends it.

    Expired claims go first, so a message a crashed process claimed yesterday is not
    overtaken by today's. Who is due is decided at one moment, the sweep's start; each
    send then reads the clock again to renew its lease.
    """
    outcomes = redeliver_expired(engine, sender, clock=clock)
    claimed = claim_due_reminders(engine, now=clock(), composer=composer, policy=policy)
    outcomes += send_claimed(engine, sender, claimed, clock=clock)
    log.info(
        "reminder sweep",
        extra={"sent": sum(o.status == "sent" for o in outcomes), "total": len(outcomes)},
    )
    return outcomes
