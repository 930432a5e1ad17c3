"""The reminder policy with an injected clock: timezones, DST, quiet hours, back-off."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from coordination.reminders.calendar import WorkCalendar
from coordination.reminders.plan import plan_escalations, plan_reminders
from coordination.reminders.policy import (
    DEFAULT_POLICY,
    ItemState,
    PersonState,
    nudge_reason,
    should_escalate,
)


def person(pid: int = 1, tz: str = "UTC", **calendar: object) -> PersonState:
    return PersonState(
        id=pid,
        slack_user_id=f"U{pid}",
        name=f"P{pid}",
        calendar=WorkCalendar(timezone=tz, **calendar),
    )


def item(iid: int = 1, due: date | None = date(2026, 11, 25), **fields: object) -> ItemState:
    fields.setdefault("owner_id", 1)
    return ItemState(id=iid, program_id=1, task=f"task {iid}", status="open", due=due, **fields)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_new_york_quiet_hours_follow_the_wall_clock_across_the_november_dst_change() -> None:
    ny = person(tz="America/New_York")
    due = item(due=date(2026, 10, 29))
    # 13:30 UTC is 09:30 EDT on Friday 30 October, but 08:30 EST on Monday 2 November.
    assert nudge_reason(due, ny, utc(2026, 10, 30, 13, 30), DEFAULT_POLICY) == "overdue"
    assert nudge_reason(due, ny, utc(2026, 11, 2, 13, 30), DEFAULT_POLICY) is None
    assert nudge_reason(due, ny, utc(2026, 11, 2, 14, 0), DEFAULT_POLICY) == "overdue"
    # 22:30 UTC is 17:30 EST (still working), 23:00 UTC is 18:00 (quiet).
    assert nudge_reason(due, ny, utc(2026, 11, 2, 22, 30), DEFAULT_POLICY) == "overdue"
    assert nudge_reason(due, ny, utc(2026, 11, 2, 23, 0), DEFAULT_POLICY) is None


def test_berlin_quiet_hours_across_the_march_dst_change() -> None:
    berlin = person(tz="Europe/Berlin")
    due = item(due=date(2026, 3, 26))
    # 07:30 UTC is 08:30 CET on Friday 27 March, 09:30 CEST on Monday 30 March.
    assert nudge_reason(due, berlin, utc(2026, 3, 27, 7, 30), DEFAULT_POLICY) is None
    assert nudge_reason(due, berlin, utc(2026, 3, 30, 7, 30), DEFAULT_POLICY) == "overdue"
    # 16:30 UTC: 17:30 CET (working) before the change, 18:30 CEST (quiet) after.
    assert nudge_reason(due, berlin, utc(2026, 3, 27, 16, 30), DEFAULT_POLICY) == "overdue"
    assert nudge_reason(due, berlin, utc(2026, 3, 30, 16, 30), DEFAULT_POLICY) is None


def test_local_date_decides_due_today_versus_overdue() -> None:
    tokyo, la = person(tz="Asia/Tokyo"), person(tz="America/Los_Angeles")
    due = item(due=date(2026, 11, 25))
    # 00:30 UTC Thursday 26th is 09:30 Thursday in Tokyo, 16:30 Wednesday in Los Angeles.
    now = utc(2026, 11, 26, 0, 30)
    assert nudge_reason(due, tokyo, now, DEFAULT_POLICY) == "overdue"
    assert nudge_reason(due, la, now, DEFAULT_POLICY) == "due_today"


def test_working_days_and_weekends() -> None:
    due = item(due=date(2026, 11, 27))
    saturday = utc(2026, 11, 28, 10)
    assert nudge_reason(due, person(), saturday, DEFAULT_POLICY) is None
    weekend_worker = person(working_days=(5, 6))
    assert nudge_reason(due, weekend_worker, saturday, DEFAULT_POLICY) == "overdue"


def test_due_on_monday_is_mentioned_on_friday_as_the_next_working_day() -> None:
    friday = utc(2026, 11, 27, 10)
    assert (
        nudge_reason(item(due=date(2026, 11, 30)), person(), friday, DEFAULT_POLICY) == "due_soon"
    )
    assert nudge_reason(item(due=date(2026, 12, 1)), person(), friday, DEFAULT_POLICY) is None
    wednesday = utc(2026, 11, 25, 10)
    assert nudge_reason(item(due=date(2026, 11, 26)), person(), wednesday, DEFAULT_POLICY) == (
        "due_soon"
    )


def test_due_soon_and_due_today_once_per_local_day() -> None:
    morning = utc(2026, 11, 25, 9, 30)
    told = item(due=date(2026, 11, 25), last_nudged_at=morning)
    assert nudge_reason(told, person(), morning + timedelta(hours=3), DEFAULT_POLICY) is None
    yesterday = item(due=date(2026, 11, 25), last_nudged_at=morning - timedelta(days=1))
    assert nudge_reason(yesterday, person(), morning, DEFAULT_POLICY) == "due_today"


def test_overdue_back_off_grows_one_two_four_working_days() -> None:
    owner, state, sent = person(), item(due=date(2026, 11, 2)), []
    day = date(2026, 11, 2)
    while day < date(2026, 11, 20):
        now = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        reason = nudge_reason(state, owner, now, DEFAULT_POLICY)
        if reason:
            sent.append((day.isoformat(), reason))
            count = state.nudge_count + (reason == "overdue")
            state = replace(state, nudge_count=count, last_nudged_at=now)
        day += timedelta(days=1)
    # Due Monday 2nd; overdue from Tuesday, then +1, +2, +4, +4 working days.
    assert sent == [
        ("2026-11-02", "due_today"),
        ("2026-11-03", "overdue"),
        ("2026-11-04", "overdue"),
        ("2026-11-06", "overdue"),
        ("2026-11-12", "overdue"),
        ("2026-11-18", "overdue"),
    ]


def test_done_cancelled_and_snoozed_items_stay_quiet() -> None:
    now = utc(2026, 11, 25, 10)
    owner = person()
    assert nudge_reason(item(), owner, now, DEFAULT_POLICY) == "due_today"
    for quiet in (
        replace(item(), status="done"),
        replace(item(), status="cancelled"),
        item(snoozed_until=now + timedelta(hours=1)),
        item(due=None),
    ):
        assert nudge_reason(quiet, owner, now, DEFAULT_POLICY) is None
    woke = item(snoozed_until=now - timedelta(minutes=1))
    assert nudge_reason(woke, owner, now, DEFAULT_POLICY) == "due_today"


def test_batching_one_plan_per_person_most_urgent_first() -> None:
    now = utc(2026, 11, 25, 10)
    people = {1: person(1), 2: person(2)}
    items = [
        item(1, due=date(2026, 11, 26)),
        item(2, due=date(2026, 11, 20)),
        item(3, due=date(2026, 11, 25)),
        item(4, due=date(2026, 11, 24), owner_id=2),
        item(5, due=date(2026, 12, 20)),
        item(6, due=date(2026, 11, 20), owner_id=99),
    ]
    plans = plan_reminders(items, people, now)
    assert [p.person.id for p in plans] == [1, 2]
    assert [(n.item.id, n.reason) for n in plans[0].nudges] == [
        (2, "overdue"),
        (3, "due_today"),
        (1, "due_soon"),
    ]
    assert plans[0].nudges[0].days_overdue == 5
    assert plans[0].key == "remind:1:2026-11-25"
    assert plans[0].overdue_item_ids == (2,)


def test_escalation_after_three_nudges_when_the_next_nudge_is_due() -> None:
    owner, lead = person(1), person(2)
    last = utc(2026, 11, 6, 10)
    late = item(due=date(2026, 11, 2), nudge_count=3, last_nudged_at=last, lead_id=2)
    people = {1: owner, 2: lead}
    assert not should_escalate(late, owner, lead, utc(2026, 11, 11, 10), DEFAULT_POLICY)
    thursday = utc(2026, 11, 12, 10)
    assert should_escalate(late, owner, lead, thursday, DEFAULT_POLICY)
    [plan] = plan_escalations([late], people, thursday)
    assert (plan.lead.id, plan.days_overdue, plan.key) == (2, 10, "escalate:1:1:2026-11-02:3")
    assert not should_escalate(replace(late, nudge_count=2), owner, lead, thursday, DEFAULT_POLICY)
    assert not should_escalate(
        replace(late, escalated_at=thursday), owner, lead, thursday, DEFAULT_POLICY
    )
    assert not should_escalate(late, owner, owner, thursday, DEFAULT_POLICY)
    assert not should_escalate(late, owner, None, thursday, DEFAULT_POLICY)


def test_escalation_waits_for_the_leads_working_hours() -> None:
    owner, lead = person(1), person(2, tz="Asia/Tokyo")
    late = item(due=date(2026, 11, 2), nudge_count=3, last_nudged_at=utc(2026, 11, 6, 10))
    # 10:00 UTC is 19:00 in Tokyo: the lead's quiet hours.
    assert not should_escalate(late, owner, lead, utc(2026, 11, 12, 10), DEFAULT_POLICY)
    assert should_escalate(late, owner, lead, utc(2026, 11, 13, 1), DEFAULT_POLICY)


def test_working_days_between_counts_only_working_days() -> None:
    calendar = WorkCalendar()
    assert calendar.working_days_between(date(2026, 11, 6), date(2026, 11, 9)) == 1
    assert calendar.working_days_between(date(2026, 11, 2), date(2026, 11, 16)) == 10
    assert calendar.working_days_between(date(2026, 11, 9), date(2026, 11, 9)) == 0
