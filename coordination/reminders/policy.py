"""The reminder policy as pure functions of plain records and a clock.

- An item is worth a reminder when it is open, dated, not snoozed, and due by the
  owner's next working day (due soon), due today, or overdue.
- Only during the owner's working hours on their working days, in their timezone.
- A due-soon or due-today item is mentioned at most once per local day. An overdue item
  backs off: the first overdue nudge goes out on the first working day it is overdue,
  then each next one waits BACKOFF_WORKING_DAYS (1, 2, 4, 4, ... working days).
- `nudge_count` counts overdue nudges only, so "escalate after 3 nudges" means three
  times the owner was told the item is late. The escalation goes to the project lead
  when the next nudge would be due, once (`escalated_at`), during the lead's hours.
- Done, cancelled or snoozed items are never mentioned; a new date or a new owner
  resets the count (items.actions does that).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from coordination.reminders.calendar import WorkCalendar

Reason = Literal["overdue", "due_today", "due_soon"]

BACKOFF_WORKING_DAYS = (1, 2, 4)
ESCALATE_AFTER_NUDGES = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderPolicy:
    backoff_working_days: tuple[int, ...] = BACKOFF_WORKING_DAYS
    escalate_after: int = ESCALATE_AFTER_NUDGES

    def gap_after(self, nudge_count: int) -> int:
        """Working days to wait after the `nudge_count`-th overdue nudge."""
        steps = self.backoff_working_days
        return steps[min(max(nudge_count, 1), len(steps)) - 1]


DEFAULT_POLICY = ReminderPolicy()


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonState:
    id: int
    slack_user_id: str
    name: str
    calendar: WorkCalendar


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemState:
    id: int
    owner_id: int
    program_id: int
    task: str
    status: str
    due: date | None
    snoozed_until: datetime | None = None
    nudge_count: int = 0
    last_nudged_at: datetime | None = None
    escalated_at: datetime | None = None
    project_id: int | None = None
    project_name: str | None = None
    lead_id: int | None = None
    quote: str | None = None

    def is_quiet(self, now: datetime) -> bool:
        """Closed, undated and snoozed items say nothing."""
        snoozed = self.snoozed_until is not None and self.snoozed_until > now
        return self.status != "open" or self.due is None or snoozed


def reason_for(item: ItemState, calendar: WorkCalendar, today: date) -> Reason | None:
    if item.due is None:
        return None
    if item.due < today:
        return "overdue"
    if item.due == today:
        return "due_today"
    if item.due <= calendar.next_working_day(today):
        return "due_soon"
    return None


def backoff_elapsed(
    item: ItemState, calendar: WorkCalendar, today: date, policy: ReminderPolicy
) -> bool:
    """Whether the owner has waited long enough since the last overdue nudge."""
    if item.last_nudged_at is None:
        return True
    last_day = calendar.local_date(item.last_nudged_at)
    if item.nudge_count == 0:
        return last_day < today
    return calendar.working_days_between(last_day, today) >= policy.gap_after(item.nudge_count)


def nudge_reason(
    item: ItemState, owner: PersonState, now: datetime, policy: ReminderPolicy
) -> Reason | None:
    """Why `item` belongs in its owner's reminder now, or None if it stays quiet."""
    calendar = owner.calendar
    if item.is_quiet(now) or not calendar.is_working_time(now):
        return None
    today = calendar.local_date(now)
    reason = reason_for(item, calendar, today)
    if reason is None or not backoff_elapsed(item, calendar, today, policy):
        return None
    return reason


def should_escalate(
    item: ItemState,
    owner: PersonState,
    lead: PersonState | None,
    now: datetime,
    policy: ReminderPolicy,
) -> bool:
    """After `escalate_after` overdue nudges, when the next one would be due, once."""
    if lead is None or lead.id == owner.id or item.escalated_at is not None:
        return False
    if item.is_quiet(now) or item.nudge_count < policy.escalate_after:
        return False
    if not lead.calendar.is_working_time(now):
        return False
    today = owner.calendar.local_date(now)
    overdue = reason_for(item, owner.calendar, today) == "overdue"
    return overdue and backoff_elapsed(item, owner.calendar, today, policy)
