"""Applying the policy to storage: read in bulk, then claim and stamp per message.

Each message is claimed (a unique delivery key) and its items stamped in ONE
transaction, so a replica that loses the claim stamps nothing, and a crash after the
commit leaves a claim that `redeliver_expired` finishes. Sending is the caller's job
(the Slack edge), which is also why the message payload comes from a `compose`
callback: this package never builds Slack messages itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Row
from sqlmodel import Session

from coordination.reminders.calendar import WorkCalendar
from coordination.reminders.plan import (
    EscalationPlan,
    ReminderPlan,
    plan_escalations,
    plan_reminders,
)
from coordination.reminders.policy import (
    DEFAULT_POLICY,
    ItemState,
    PersonState,
    ReminderPolicy,
)
from storage import deliveries, reminder_rows
from storage.db import session_scope
from storage.models import Delivery, Person

ComposeReminder = Callable[[ReminderPlan], dict[str, Any]]
ComposeEscalation = Callable[[EscalationPlan], dict[str, Any]]

DUE_HORIZON = timedelta(days=8)
"""Covers 'due by the next working day' in every timezone, even across a long weekend."""


@dataclass(frozen=True)
class Composers:
    """How the Slack edge turns a plan into a message payload (see bot/sending.Message)."""

    reminder: ComposeReminder
    escalation: ComposeEscalation


def person_state(person: Person) -> PersonState:
    calendar = WorkCalendar(
        timezone=person.timezone,
        work_start=person.work_start,
        work_end=person.work_end,
        working_days=tuple(person.working_days),
    )
    return PersonState(
        id=person.id,
        slack_user_id=person.slack_user_id or "",
        name=person.display_name,
        calendar=calendar,
    )


def _item_state(row: Row[Any]) -> ItemState:
    return ItemState(
        id=row.id,
        owner_id=row.owner_id,
        program_id=row.program_id,
        task=row.task,
        status=row.status,
        due=row.due_date,
        snoozed_until=row.snoozed_until,
        nudge_count=row.nudge_count,
        last_nudged_at=row.last_nudged_at,
        escalated_at=row.escalated_at,
        project_id=row.project_id,
        project_name=row.project_name,
        lead_id=row.lead_id,
    )


def load_states(
    session: Session, *, team_id: str, now: datetime
) -> tuple[list[ItemState], dict[int, PersonState]]:
    """Two queries for a whole workspace: candidate items, then their owners and leads."""
    due_by = (now + DUE_HORIZON).date()
    rows = reminder_rows.reminder_item_rows(session, team_id=team_id, due_by=due_by, now=now)
    items = [_item_state(row) for row in rows]
    ids = {i.owner_id for i in items} | {i.lead_id for i in items if i.lead_id is not None}
    people = reminder_rows.reachable_people(session, team_id=team_id, person_ids=ids)
    return items, {p.id: person_state(p) for p in people}


def _claim(
    engine: Engine,
    team_id: str,
    *,
    key: str,
    kind: str,
    target: str,
    subject: str,
    payload: dict[str, Any],
    now: datetime,
    stamp: Callable[[Session], None],
) -> Delivery | None:
    """The claim and the stamp on the items in one transaction: both or neither."""
    with session_scope(engine) as session:
        delivery = deliveries.claim(
            session,
            team_id=team_id,
            key=key,
            kind=kind,
            target=target,
            subject=subject,
            payload=payload,
            now=now,
        )
        if delivery is not None:
            stamp(session)
        return delivery


def _claim_reminder(
    engine: Engine, team_id: str, plan: ReminderPlan, payload: dict[str, Any], now: datetime
) -> Delivery | None:
    return _claim(
        engine,
        team_id,
        key=plan.key,
        kind="reminder",
        target=plan.person.slack_user_id,
        subject=f"person:{plan.person.id}",
        payload=payload,
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
    engine: Engine, team_id: str, plan: EscalationPlan, payload: dict[str, Any], now: datetime
) -> Delivery | None:
    return _claim(
        engine,
        team_id,
        key=plan.key,
        kind="escalation",
        target=plan.lead.slack_user_id,
        subject=f"item:{plan.item.id}",
        payload=payload,
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
    compose: Composers,
    policy: ReminderPolicy = DEFAULT_POLICY,
) -> list[Delivery]:
    """Claims today's reminders and due escalations of one workspace; returns what to send.

    Escalations are planned from the same snapshot as the reminders, so an item reaching
    its Nth nudge in this sweep escalates on a later one, after the owner had a chance.
    """
    with Session(engine) as session:
        items, people = load_states(session, team_id=team_id, now=now)
    claimed = []
    for plan in plan_reminders(items, people, now, policy):
        claimed.append(_claim_reminder(engine, team_id, plan, compose.reminder(plan), now))
    for escalation in plan_escalations(items, people, now, policy):
        payload = compose.escalation(escalation)
        claimed.append(_claim_escalation(engine, team_id, escalation, payload, now))
    return [d for d in claimed if d is not None]


def claim_due_reminders(
    engine: Engine, *, now: datetime, compose: Composers, policy: ReminderPolicy = DEFAULT_POLICY
) -> list[Delivery]:
    """Every workspace's due reminders and escalations, claimed; query count per workspace
    is constant (two reads, then one claim transaction per message)."""
    with Session(engine) as session:
        teams = reminder_rows.team_ids(session)
    found: list[Delivery] = []
    for team_id in teams:
        found += claim_team(engine, team_id=team_id, now=now, compose=compose, policy=policy)
    return found
