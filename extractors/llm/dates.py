"""Which calendar dates a due phrase from the notes can mean.

The model resolves "by Friday" to a date itself; we only check that its date is one the
quoted words can mean, so a date the text does not support is never stored as fact.
Phrases that name a span ("next week", "end of month") accept any date in that span.
dateparser handles absolute dates; the phrases it gets wrong (EOD, EOW, EOM, "end of
week", bare weekdays) are handled here first.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import dateparser

from extractors.rules.dates import DueContext, find_due

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY = re.compile(
    rf"\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?{_MONTH}|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}/\d{{1,2}}\b"
)
_WEEKDAY = re.compile(
    r"\b(next\s+|this\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b(?!\s+\d)",
)


def _days(start: date, count: int) -> set[date]:
    return {start + timedelta(days=n) for n in range(count)}


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _iso(match: re.Match[str], meeting: date) -> set[date]:
    try:
        return {date.fromisoformat(match.group(0))}
    except ValueError:
        return set()


def _in_n(match: re.Match[str], meeting: date) -> set[date]:
    count = int(match.group(1))
    return {meeting + timedelta(days=count * (7 if match.group(2).startswith("week") else 1))}


def _next_week(match: re.Match[str], meeting: date) -> set[date]:
    return _days(_week_start(meeting) + timedelta(days=7), 7)


def _end_of_week(match: re.Match[str], meeting: date) -> set[date]:
    friday = _week_start(meeting) + timedelta(days=4)
    return _days(max(friday, meeting), 3)


def _end_of_month(match: re.Match[str], meeting: date) -> set[date]:
    last = calendar.monthrange(meeting.year, meeting.month)[1]
    return _days(meeting.replace(day=last - 6), 7)


def _day_of_month(match: re.Match[str], meeting: date) -> set[date]:
    """'by the 10th': the next day numbered so, this month or the next."""
    day, month = int(match.group(1)), meeting.replace(day=1)
    for _ in range(2):
        if (
            day <= calendar.monthrange(month.year, month.month)[1]
            and month.replace(day=day) >= meeting
        ):
            return {month.replace(day=day)}
        month = (month + timedelta(days=32)).replace(day=1)
    return set()


def _absolute_match(match: re.Match[str], meeting: date) -> set[date]:
    return _absolute(match.string, meeting)


def _tomorrow(match: re.Match[str], meeting: date) -> set[date]:
    return {meeting + timedelta(days=1)}


def _today(match: re.Match[str], meeting: date) -> set[date]:
    return {meeting}


def _weekday(match: re.Match[str], meeting: date) -> set[date]:
    """The coming such weekday; 'next X' may also mean the one after, so both count."""
    ahead = (WEEKDAYS.index(match.group(2)) - meeting.weekday()) % 7
    coming = meeting + timedelta(days=ahead or 7)
    options = {coming}
    if ahead == 0:
        options.add(meeting)
    if match.group(1) and match.group(1).strip() == "next":
        options.add(coming + timedelta(days=7))
    return options


Rule = tuple[re.Pattern[str], Callable[[re.Match[str], date], set[date]]]
RULES: tuple[Rule, ...] = (
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), _iso),
    (_MONTH_DAY, _absolute_match),
    (re.compile(r"\bthe\s+(\d{1,2})(st|nd|rd|th)\b"), _day_of_month),
    (re.compile(r"\bin\s+(\d{1,3})\s+(days?|weeks?)\b"), _in_n),
    (re.compile(r"\bnext\s+week\b"), _next_week),
    (re.compile(r"\b(eow|end\s+of\s+(the\s+)?week|this\s+week)\b"), _end_of_week),
    (re.compile(r"\b(eom|end\s+of\s+(the\s+)?month)\b"), _end_of_month),
    (re.compile(r"\btomorrow\b"), _tomorrow),
    (_WEEKDAY, _weekday),
    (re.compile(r"\b(today|tonight|eod|cob|end\s+of\s+(the\s+)?day)\b"), _today),
)


def dates_meant_by(phrase: str, meeting: date) -> set[date]:
    """Every date `phrase` can reasonably mean for a meeting held on `meeting`; always
    including the date the rules extractor reads, so a phrase the offline extractor
    understands ("mid-December", "Q1") never counts as unsupported here."""
    text = " ".join(phrase.lower().split())
    rules_reading = find_due(f"by {text}", DueContext(meeting=meeting))
    options = {rules_reading.when} if rules_reading else set()
    for pattern, resolve in RULES:
        match = pattern.search(text)
        if match:
            return options | resolve(match, meeting)
    return options | _absolute(text, meeting)


def _absolute(text: str, meeting: date) -> set[date]:
    """Month-and-day phrases: the future reading, or the same year's if that is what was meant."""
    settings = {
        "RELATIVE_BASE": datetime.combine(meeting, time(12)),
        "PREFER_DATES_FROM": "future",
        "REQUIRE_PARTS": ["day", "month"],
    }
    found = dateparser.parse(text, languages=["en"], settings=settings)
    if found is None:
        return set()
    options = {found.date()}
    if found.date().year != meeting.year:
        options.add(found.date().replace(year=meeting.year))
    return options
