"""A person's working calendar: local time, working days and quiet hours.

Everything is computed from an aware UTC `now` and the person's IANA zone, so DST
changes move the reminder with the person's wall clock rather than with UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_WORKING_DAYS = (0, 1, 2, 3, 4)


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkCalendar:
    timezone: str = "UTC"
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS

    def local(self, now: datetime) -> datetime:
        return now.astimezone(ZoneInfo(self.timezone))

    def local_date(self, moment: datetime) -> date:
        return self.local(moment).date()

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_days

    def is_working_time(self, now: datetime) -> bool:
        """Quiet hours are everything outside work_start..work_end on working days."""
        local = self.local(now)
        in_hours = self.work_start <= local.time().replace(tzinfo=None) < self.work_end
        return self.is_working_day(local.date()) and in_hours

    def working_days_between(self, earlier: date, later: date) -> int:
        """Working days after `earlier` up to and including `later`."""
        if not self.working_days or later <= earlier:
            return 0
        weeks, rest = divmod((later - earlier).days, 7)
        count = weeks * len(set(self.working_days))
        day = earlier + timedelta(days=weeks * 7)
        for _ in range(rest):
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def next_working_day(self, day: date) -> date:
        """The first working day after `day` (the day after, if nobody set working days)."""
        for offset in range(1, 8):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        return day + timedelta(days=1)
