"""Batching the policy's answers into messages: one DM per person, one note per escalation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from coordination.reminders.policy import (
    DEFAULT_POLICY,
    ItemState,
    PersonState,
    Reason,
    ReminderPolicy,
    nudge_reason,
    should_escalate,
)

REASON_ORDER: dict[Reason, int] = {"overdue": 0, "due_today": 1, "due_soon": 2}


@dataclass(frozen=True, slots=True)
class Nudge:
    item: ItemState
    reason: Reason
    days_overdue: int


@dataclass(frozen=True, slots=True)
class ReminderPlan:
    """Everything one person hears about in one sweep, most urgent first."""

    person: PersonState
    local_date: date
    nudges: tuple[Nudge, ...]

    @property
    def key(self) -> str:
        """One DM per person per local day, whichever replica sends it."""
        return f"remind:{self.person.id}:{self.local_date.isoformat()}"

    @property
    def overdue_item_ids(self) -> tuple[int, ...]:
        return tuple(n.item.id for n in self.nudges if n.reason == "overdue")


@dataclass(frozen=True, slots=True)
class EscalationPlan:
    item: ItemState
    owner: PersonState
    lead: PersonState
    days_overdue: int

    @property
    def key(self) -> str:
        """Once per owner, date and count: a reassigned or re-dated item that runs late
        again escalates again, while replicas planning from the same state collide."""
        item = self.item
        return f"escalate:{item.id}:{item.owner_id}:{item.due}:{item.nudge_count}"


def _days_overdue(item: ItemState, today: date) -> int:
    return max((today - item.due).days, 0) if item.due else 0


def plan_reminders(
    items: Iterable[ItemState],
    owners: Mapping[int, PersonState],
    now: datetime,
    policy: ReminderPolicy = DEFAULT_POLICY,
) -> list[ReminderPlan]:
    """Groups every item that needs a word today by owner; owners with nothing are left out."""
    by_owner: dict[int, list[Nudge]] = {}
    for item in items:
        owner = owners.get(item.owner_id)
        reason = nudge_reason(item, owner, now, policy) if owner else None
        if owner is None or reason is None:
            continue
        today = owner.calendar.local_date(now)
        by_owner.setdefault(owner.id, []).append(Nudge(item, reason, _days_overdue(item, today)))
    plans = []
    for owner_id, nudges in sorted(by_owner.items()):
        owner = owners[owner_id]
        nudges.sort(key=lambda n: (REASON_ORDER[n.reason], n.item.due, n.item.id))
        plans.append(ReminderPlan(owner, owner.calendar.local_date(now), tuple(nudges)))
    return plans


def plan_escalations(
    items: Iterable[ItemState],
    people: Mapping[int, PersonState],
    now: datetime,
    policy: ReminderPolicy = DEFAULT_POLICY,
) -> list[EscalationPlan]:
    """Overdue items the owner has been told about often enough; the lead hears once."""
    plans = []
    for item in items:
        owner = people.get(item.owner_id)
        lead = people.get(item.lead_id) if item.lead_id is not None else None
        if owner is None or not should_escalate(item, owner, lead, now, policy):
            continue
        today = owner.calendar.local_date(now)
        plans.append(EscalationPlan(item, owner, lead, _days_overdue(item, today)))
    return sorted(plans, key=lambda p: p.item.id)
