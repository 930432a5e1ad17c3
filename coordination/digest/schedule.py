"""When a program's digest is due, computed from the program's own settings.

The schedule is a weekday and a local time ("mon 09:00") in the program's timezone.
A digest is due from that moment for GRACE, so a replica that was down at 09:00 still
posts at 09:20; past that the week is skipped rather than posted days late. Which
replica posts is decided by the week's delivery key, not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coordination.dates import parse_timezone
from coordination.errors import UserError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_SCHEDULE = "mon 09:00"
GRACE = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class DigestSchedule:
    weekday: int
    at: time
    timezone: ZoneInfo

    @classmethod
    def parse(cls, text: str | None, timezone: str) -> DigestSchedule:
        """'mon 09:00', 'Friday 16:30'; an empty schedule means the default."""
        day, _, clock = (text or DEFAULT_SCHEDULE).strip().lower().partition(" ")
        try:
            weekday = WEEKDAYS.index(day[:3])
            at = time.fromisoformat(clock.strip())
        except ValueError as error:
            raise UserError(
                f"digest schedule {text!r} is not like 'mon 09:00' (weekday and HH:MM)."
            ) from error
        return cls(weekday, at, parse_timezone(timezone))

    def local_date(self, now: datetime) -> date:
        return now.astimezone(self.timezone).date()

    def slot(self, now: datetime) -> datetime:
        """This ISO week's posting moment, in the program's local time."""
        today = self.local_date(now)
        day = today - timedelta(days=today.weekday()) + timedelta(days=self.weekday)
        return datetime.combine(day, self.at, tzinfo=self.timezone)

    def due_slot(self, now: datetime) -> datetime | None:
        """The slot being served now: this week's, or last week's when its grace runs
        past the week's end (a Sunday-evening digest is still due early on Monday)."""
        for slot in (self.slot(now), self.slot(now) - timedelta(weeks=1)):
            if slot <= now < slot + GRACE:
                return slot
        return None

    def is_due(self, now: datetime) -> bool:
        return self.due_slot(now) is not None


def week_label(local_day: date) -> str:
    year, week, _ = local_day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(program_id: int, local_day: date) -> str:
    """One digest per program per ISO week, whichever replica (or person) posts it."""
    return f"digest:{program_id}:{week_label(local_day)}"
