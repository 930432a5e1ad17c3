"""Parsing the dates people type on the command line or in Slack forms."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coordination.errors import UserError


def parse_iso_date(text: str, *, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise UserError(f"{what} {text!r} is not a date; use YYYY-MM-DD.") from error


def parse_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UserError(
            f"{name!r} is not a known timezone; use an IANA name like Europe/Berlin."
        ) from error


def local_date(timezone: str, now: datetime) -> date:
    """The calendar day at `now` where the team is: weeks and 'overdue' are counted in it."""
    return now.astimezone(parse_timezone(timezone)).date()


def resolve_due(text: str, *, today: date, timezone: str) -> tuple[date, str]:
    """A due date typed by a person ("Friday", "next week", "EOM", "2026-12-04"),
    resolved as the extractor resolves notes; returns the date and the words after it."""
    from extractors.rules.dates import DueContext, find_due  # the rules load on first use

    found = find_due(f"by {text}", DueContext(meeting=today, timezone=timezone))
    if found is None:
        raise UserError(
            f"I couldn't read {text!r} as a date; try 2026-12-04, Friday, next week or EOM."
        )
    _, _, rest = f"by {text}".partition(found.phrase)
    return found.when, rest.strip()


_WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_working_hours(text: str) -> tuple[time, time]:
    """'09:00-18:00': when reminders may reach someone."""
    start, _, end = text.partition("-")
    try:
        hours = time.fromisoformat(start.strip()), time.fromisoformat(end.strip())
    except ValueError as error:
        raise UserError(f"working hours {text!r} are not like 09:00-18:00.") from error
    if hours[0] >= hours[1]:
        raise UserError(f"working hours {text!r} end before they start.")
    return hours


def parse_working_days(text: str) -> list[int]:
    """'mon-fri' or 'mon,tue,thu': 0 is Monday, as Python counts weekdays."""
    try:
        days: set[int] = set()
        for part in text.lower().replace(" ", "").split(","):
            first, _, last = part.partition("-")
            start = _WEEKDAY_NAMES.index(first[:3])
            end = _WEEKDAY_NAMES.index(last[:3]) if last else start
            days.update(range(start, end + 1))
    except ValueError as error:
        raise UserError(f"working days {text!r} are not like mon-fri or mon,wed,fri.") from error
    return sorted(days)
