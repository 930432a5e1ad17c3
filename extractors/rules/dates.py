"""Due dates from short phrases, resolved against the day the words were written.

dateparser only sees short candidate spans (it is slow and finds dates in words like
"on" when given whole sentences); the business shorthands it does not know (EOD, EOW,
end of month, Q2, mid-April, next week, by next call) are our rules. An explicit date
wins over a vaguer phrase in the same text ("Q3 budget review by 2026-12-04" is due on
the 4th); a date that cannot be (Feb 30, yesterday, year 9999) is reported, not kept.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from extractors.rules.text import strip_markdown

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a couple of": 2}
HORIZON_DAYS = 3 * 366
"""Further ahead than this a date is more likely a typo than a plan."""

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_CUE = (
    r"(?:by|before|until|till|due|on|deadline:?|no later than|for|w/[cb]|"
    r"(?:the )?week (?:of|commencing|beginning|starting))\s+(?:the\s+)?"
)
"""Words that make the date after them a deadline; a week named by its first day
('w/c 7 Dec') is due on that day, as written."""
_NOT_DEADLINE = (
    r"(?<!starting )(?<!from )(?<!since )(?<!every )(?<!last )(?<!each )(?<!beginning )"
    r"(?<!next )(?<!this )"
)
"""A weekday after these is a start or a habit, not a deadline ('starting next Monday')."""
_COUNT = r"(\d+|one|two|three|four|five|six|a couple of|a)"
_DAY_NAME = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:the\s+)?)?"
"""'by Fri 12/4', 'by Wed 9th': the weekday before a date only confirms it."""
_NOT_POSSESSIVE = r"(?!['’]s)"

EXPLICIT, DAY, MONTH, SEASON = 0, 1, 2, 3
"""How precise a phrase is; the most precise one in a text wins."""

_RULES: list[tuple[str, int, re.Pattern[str]]] = [
    ("iso", EXPLICIT, re.compile(r"\b(\d{4}-\d{1,2}-\d{1,2})\b")),
    (
        "numeric",
        EXPLICIT,
        re.compile(rf"(?:\b{_CUE}{_DAY_NAME}|\s[-–—]\s*)(\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)\b"),
    ),
    (
        "named",
        EXPLICIT,
        re.compile(
            rf"(?:\b{_CUE}{_DAY_NAME}|\(|\s[-–—]\s*|,\s+(?=[^,]{{3,14}}$))"
            rf"((?:{_DAY} {_MONTH}|{_MONTH} {_DAY})(?:,? \d{{4}})?)(?=\W|$)"
        ),
    ),
    (
        "trailing",
        EXPLICIT,
        re.compile(rf"\s((?:{_DAY} {_MONTH}|{_MONTH} {_DAY}),? \d{{4}})\s*$"),
    ),
    (
        "ordinal",
        EXPLICIT,
        re.compile(rf"\b{_CUE}{_DAY_NAME}(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s*(?:of\s+)?{_MONTH})"),
    ),
    ("past", DAY, re.compile(r"\b(?:by|before|until|due) (?:yesterday|last (?:night|week))\b")),
    (
        "eod",
        DAY,
        re.compile(
            r"\b(?:eod|cob|end of (?:the )?(?:business )?day|today|tonight|"
            r"this (?:morning|afternoon|evening)|(?:by|before) noon)\b"
            r"(?!,? (?:on )?(?:mon|tue|wed|thu|fri|sat|sun|tomorrow))"
        ),
    ),
    (
        "tomorrow",
        DAY,
        re.compile(
            r"\b(?:tomorrow|tmrw|tmw|tomoz)(?:\s+(?:morning|afternoon|evening|night|am|pm|eod))?\b"
        ),
    ),
    ("end_next_week", DAY, re.compile(r"\b(?:end of|by the end of) next week\b")),
    (
        "eow",
        DAY,
        re.compile(
            r"\b(?:eow|end of (?:the |this )?week|this week|(?:the )?end of (?:the |this )?weekend|"
            r"this weekend)\b"
        ),
    ),
    ("in_days", DAY, re.compile(rf"\b(?:in|within) {_COUNT} (day|week|hour)s?\b")),
    ("from_now", DAY, re.compile(rf"\b{_COUNT} (day|week)s? from (?:now|today)\b")),
    ("next_week", DAY, re.compile(r"(?<!early )(?<!late )\b(?:next|within a) week\b")),
    (
        "next_meeting",
        DAY,
        re.compile(
            r"\b(?:by|before|until|till|for|at|during) (?:the )?next "
            r"(?:[a-z]+ )?(?:call|meeting|sync)\b"
        ),
    ),
    (
        "weekday",
        DAY,
        re.compile(
            rf"{_NOT_DEADLINE}\b(?:(?:by|on|before|until|due|next|this) )?"
            rf"({'|'.join(WEEKDAYS)})\b{_NOT_POSSESSIVE}"
        ),
    ),
    (
        "weekday_short",
        DAY,
        re.compile(
            r"(?:\b(?:by|on|before|until|due|next|this) |\()(mon|tues?|wed|thu(?:rs?)?|fri)\b\.?\)?"
        ),
    ),
    ("eom", MONTH, re.compile(r"\b(?:eom|end of (?:the |this )?month)\b")),
    ("end_next_month", MONTH, re.compile(r"\b(?:the )?end of next month\b")),
    ("month_part", MONTH, re.compile(rf"\b(mid|end of|early|late)[- ]({_MONTH})(?!\w)")),
    ("eoy", SEASON, re.compile(r"\b(?:eoy|end of (?:the |this )?year)\b")),
    ("eoq", SEASON, re.compile(r"\b(?:eoq|end of (?:the |this )?quarter)\b")),
    ("quarter", SEASON, re.compile(r"\b(?:by|in|end of|before|until|during) (?:the )?q([1-4])\b")),
]
_LEAD_CUE = re.compile(
    r"(?:,\s*|\s[-–—]\s*|\s)(?:due|by|before|until|till|on|no later than|for|deadline:?|"
    r"first thing)\s*"
    r"(?:(?:eod|cob|end of (?:the )?day),?\s*(?:on\s*)?)?$",
    re.I,
)


@dataclass(frozen=True)
class DueContext:
    """What relative phrases resolve against: the day they were written."""

    meeting: date
    timezone: str = "UTC"
    next_meeting: date | None = None


@dataclass(frozen=True)
class Due:
    when: date
    phrase: str
    start: int = 0
    end: int = 0
    """Where the phrase (with its cue word) sits in the text, so it can leave the task."""


@dataclass(frozen=True)
class DateProblem:
    """A date phrase that names no usable date, kept to tell the user."""

    phrase: str
    reason: str


@dataclass(frozen=True)
class DueReading:
    due: Due | None = None
    problem: DateProblem | None = None


@lru_cache(maxsize=64)
def _parser(base: date, timezone: str) -> DateDataParser:
    """One parser per day: building dateparser's settings is the slow part, and its import
    is paid only when a phrase needs it."""
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": datetime(base.year, base.month, base.day, 12),
        "PREFER_DATES_FROM": "future",
        "TIMEZONE": timezone,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DAY_OF_MONTH": "first",
    }
    return DateDataParser(languages=["en"], settings=settings)


_NUMERIC_SPAN = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_NAMED_SPAN = re.compile(
    rf"^(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)? (?P<m1>{_MONTH})|(?P<m2>{_MONTH}) (?P<d2>\d{{1,2}})"
    r"(?:st|nd|rd|th)?)(?:,? (?P<year>\d{4}))?$",
    re.I,
)


def parse_span(span: str, ctx: DueContext) -> date | None:
    """A short date span ('30 Jan', '4/6'), future-leaning. The common shapes are read
    here; dateparser, a few milliseconds a call, only sees the rest."""
    simple = _simple_span(span.strip(), ctx.meeting)
    if simple is not None:
        return simple or None
    return _dateparser_span(span, ctx.meeting, ctx.timezone)


def _simple_span(span: str, after: date) -> date | bool | None:
    """The date of a 'M/D[/Y]' or 'D Month [Y]' span; False when it names no real
    date; None when it is not of these shapes."""
    numeric = _NUMERIC_SPAN.match(span)
    named = None if numeric else _NAMED_SPAN.match(span)
    if numeric:
        month, day, year = int(numeric.group(1)), int(numeric.group(2)), numeric.group(3)
    elif named:
        month_word = (named.group("m1") or named.group("m2")).rstrip(".").lower()
        if month_word[:3] not in MONTHS:
            return None
        month, day = MONTHS[month_word[:3]], int(named.group("d1") or named.group("d2"))
        year = named.group("year")
    else:
        return None
    try:
        if year:
            return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        return _upcoming(month, day, after)
    except ValueError:
        return False


@lru_cache(maxsize=4096)
def _dateparser_span(span: str, base: date, timezone: str) -> date | None:
    try:
        found = _parser(base, timezone).get_date_data(span).date_obj
    except (ValueError, OverflowError):
        return None
    return found.date() if found else None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _upcoming(month: int, day: int, after: date) -> date:
    candidate = date(after.year, month, day)
    return candidate if candidate >= after else date(after.year + 1, month, day)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[word]


def _iso(text: str) -> date | None:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(kind: str, match: re.Match[str], ctx: DueContext) -> date | None:
    """Turn one matched rule into a date; None when the phrase names no date."""
    m = ctx.meeting
    simple = {
        "eod": lambda: m,
        "past": lambda: m - timedelta(days=1),
        "tomorrow": lambda: m + timedelta(days=1),
        "eow": lambda: m + timedelta(days=(4 - m.weekday()) % 7),
        "eom": lambda: _month_end(m.year, m.month),
        "eoy": lambda: date(m.year, 12, 31),
        "eoq": lambda: _month_end(m.year, ((m.month - 1) // 3 + 1) * 3),
        "next_week": lambda: m + timedelta(days=7),
        "end_next_week": lambda: m + timedelta(days=(4 - m.weekday()) % 7 + 7),
        "end_next_month": lambda: _month_end(m.year + m.month // 12, m.month % 12 + 1),
    }
    if kind in simple:
        return simple[kind]()
    if kind == "iso":
        return _iso(match.group(1))
    if kind == "ordinal":
        return _next_day_of_month(int(match.group(1)), m)
    if kind == "quarter":
        end = _month_end(m.year, int(match.group(1)) * 3)
        return end if end >= m else _month_end(m.year + 1, int(match.group(1)) * 3)
    if kind == "month_part":
        return _month_part(match.group(1), MONTHS[match.group(2).rstrip(".")[:3]], m)
    if kind in ("in_days", "from_now"):
        count, unit = _count(match.group(1)), match.group(2)
        days = -(-count // 24) if unit == "hour" else count * (7 if unit == "week" else 1)
        return m + timedelta(days=days)
    if kind == "next_meeting":
        return ctx.next_meeting if match.group(0).startswith(("by", "before", "until")) else None
    if kind == "weekday":
        return _weekday(WEEKDAYS.index(match.group(1)), m, match.group(0).startswith("next "))
    if kind == "weekday_short":
        day = next(i for i, name in enumerate(WEEKDAYS) if name.startswith(match.group(1)[:3]))
        return _weekday(day, m, match.group(0).startswith("next "))
    return parse_span(match.group(1), ctx)


def _next_day_of_month(day: int, after: date) -> date | None:
    """'by the 15th': the next 15th on or after the day it was written."""
    year, month = after.year, after.month
    for _ in range(3):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= after:
            return date(year, month, day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _weekday(weekday: int, meeting: date, said_next: bool) -> date:
    """'Friday' is the coming Friday; 'next Friday' is the Friday of the following week,
    which is what people mean when they say it early in a week."""
    if said_next:
        following_monday = meeting + timedelta(days=7 - meeting.weekday())
        return following_monday + timedelta(days=weekday)
    ahead = (weekday - meeting.weekday()) % 7
    return meeting + timedelta(days=ahead or 7)


def _month_part(part: str, month: int, meeting: date) -> date:
    day = {"mid": 15, "early": 7, "late": 25}.get(part)
    if day is None:
        end = _month_end(meeting.year, month)
        return end if end >= meeting else _month_end(meeting.year + 1, month)
    return _upcoming(month, day, meeting)


def _with_cue(text: str, start: int) -> int:
    """Widen a phrase leftwards over its cue word ('… by' + 'Friday')."""
    cue = _LEAD_CUE.search(text[:start])
    return cue.start() if cue else start


def _problem(
    kind: str, when: date | None, phrase: str, ctx: DueContext, cued: bool
) -> DateProblem | None:
    """Only a phrase written as a deadline ('by …', 'due …') is worth a warning, and a
    written-out date that cannot exist ('2026-02-30') wherever it stands."""
    if when is None and kind == "iso":
        return DateProblem(phrase, "is not a real date")
    if not cued and kind != "past":
        return None
    if when is None:
        if kind in ("iso", "named", "numeric"):
            return DateProblem(phrase, "is not a real date")
        return None
    if when < ctx.meeting:
        return DateProblem(phrase, f"is before {ctx.meeting.isoformat()}, when it was written")
    if when > ctx.meeting + timedelta(days=HORIZON_DAYS):
        return DateProblem(phrase, "is more than three years ahead")
    return None


def _plausible(when: date, ctx: DueContext) -> bool:
    return ctx.meeting <= when <= ctx.meeting + timedelta(days=HORIZON_DAYS)


_ANY_DATE_WORD = re.compile(
    r"\d[-/.]\d|\d(?:st|nd|rd|th)\b|\b(?:days?|hours?)\b|today|tonight|tomorrow|tmrw|tmw|tomoz|yesterday|noon|"
    r"this (?:morning|afternoon|evening)|"
    r"\beo[dwmyq]\b|\bcob\b|end of|week|\bq[1-4]\b|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
    r"mid|early|late)|next (?:call|meeting|sync)",
    re.I,
)
"""Every rule needs one of these; text without any names no date, and is skipped fast."""


_DATE_WORD = re.compile(
    r"\d{1,4}[-/.]\d{1,2}|\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:today|tonight|tomorrow|tmrw|eo[dwmyq]|cob|"
    r"noon|end of (?:the )?(?:day|week|month|year|quarter)|(?:this|next) (?:week|month)|"
    r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|"
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4])\b",
    re.I,
)


def mentions_date(text: str) -> bool:
    """Whether `text` names a day, a date or a deadline in words ('Wednesday end of
    day', 'by December 1st'); a test by words, without reading the date."""
    return bool(_DATE_WORD.search(text))


def read_due(text: str, ctx: DueContext) -> DueReading:
    """The most precise deadline phrase in `text` (earliest written among equals), or
    the reason the only date phrases in it are unusable."""
    if not _ANY_DATE_WORD.search(text):
        return DueReading()
    lowered = text.lower()
    found: list[tuple[int, int, Due]] = []
    problems: list[DateProblem] = []
    for kind, rank, pattern in _RULES:
        for match in pattern.finditer(lowered):
            phrase = text[match.start() : match.end()].strip(" ()")
            when = _resolve(kind, match, ctx)
            start = _with_cue(lowered, match.start())
            cued = start != match.start() or bool(re.match(_CUE, lowered[match.start() :]))
            problem = _problem(kind, when, phrase, ctx, cued)
            if problem is not None:
                problems.append(problem)
            elif when is not None and _plausible(when, ctx):
                found.append((rank, match.start(), Due(when, phrase, start, match.end())))
    if found:
        return DueReading(min(found, key=lambda f: (f[0], f[1]))[2])
    return DueReading(problem=problems[0] if problems else None)


def find_due(text: str, ctx: DueContext) -> Due | None:
    return read_due(text, ctx).due


_NEXT_LABEL = re.compile(r"\bnext (?:[a-z]+ )?(?:call|meeting|sync)\b", re.I)
_DATE_SPAN = re.compile(
    rf"\b(\d{{4}}[-/]\d{{1,2}}[-/]\d{{1,2}}|"
    rf"(?:{_DAY} {_MONTH}|{_MONTH} {_DAY})(?:,? \d{{4}})?)(?=\W|$)",
    re.I,
)
_RELATIVE_SPAN = re.compile(rf"\b(?:in )?{_COUNT} (day|week)s?(?: from (?:now|today))?\b", re.I)


def find_next_meeting(texts: list[str], meeting: date) -> date | None:
    """The next meeting's date: stated near 'next meeting/call', or the first later
    date standing alone on a line (a schedule table), within two months."""
    ctx = DueContext(meeting)
    for index, text in enumerate(texts):
        if not _NEXT_LABEL.search(text):
            continue
        for nearby in texts[index : index + 4]:
            when = _first_date(nearby, ctx)
            if when:
                return when
    alone = [
        parse_span(strip_markdown(t).strip("|").strip(), ctx)
        for t in texts
        if _DATE_SPAN.fullmatch(strip_markdown(t).strip("|").strip())
    ]
    later = [d for d in alone if d and meeting < d <= meeting + timedelta(days=62)]
    return min(later) if later else None


def _first_date(text: str, ctx: DueContext) -> date | None:
    span = _DATE_SPAN.search(text)
    if span:
        value = span.group(1)
        when = _iso(value.replace("/", "-")) if value[:4].isdigit() else parse_span(value, ctx)
        if when and when > ctx.meeting:
            return when
    relative = _RELATIVE_SPAN.search(text.lower())
    if relative and ("from" in relative.group(0) or relative.group(0).startswith("in ")):
        unit = 7 if relative.group(2) == "week" else 1
        return ctx.meeting + timedelta(days=_count(relative.group(1)) * unit)
    return None
