"""Parse raw text into lines that know their layout and speaker.

Every later step works on `Line` objects so that markdown, Slack mrkdwn and the
transcript formats (WebVTT, SRT, Zoom/Teams/Meet exports, "Speaker: text") look
the same to them, while keeping the 1-based line numbers used as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_TIMING = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\s*-->\s*")
_CUE_NUMBER = re.compile(r"^\s*\d+\s*$")
_VTT_HEADER = re.compile(r"^\s*(WEBVTT|NOTE\b|STYLE\b|REGION\b|Kind:|Language:)")
_VOICE = re.compile(r"^<v(?:\.[\w.]+)?\s+([^>]+)>\s*(.*?)(?:</v>)?\s*$")
_LEAD_TIMESTAMP = re.compile(r"^\[?\(?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?\)?\]?\s+")
_TRAIL_TIMESTAMP = re.compile(
    r"\s+\[?\(?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?\s*(?:[AP]M)?\)?\]?$"
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^([-*+•◦▪]|\d{1,3}[.)]|[a-z][.)])\s+(.*)$")
_CHECKBOX = re.compile(r"^\[[ xX✓]?\]\s*(.*)$")
_RULE = re.compile(r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
# Only real line breaks: str.splitlines() also splits on U+2029 and form feeds,
# which would shift every line number after them away from the editor's.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_QUOTE = re.compile(r"^(?:>|&gt;)\s?")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|@[\w.-]+)"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
_SPEAKER = re.compile(
    rf"^(?:\*\*|__)?\[?(?P<name>{_NAME})\]?(?:\s*\((?P<alias>[^)]{{1,30}})\))?"
    rf"(?:\*\*|__)?\s*(?:(?::|\*\*:)(?:\*\*|__)?\s+|:$|\s+[-–—]\s+(?=\S))(?P<rest>.*)$"
)
_SPEAKER_ALONE = re.compile(rf"^(?:\*\*|__)?(?P<name>{_NAME})(?:\*\*|__)?$")

LABELS = frozenset(
    [
        "note",
        "notes",
        "question",
        "questions",
        "answer",
        "decision",
        "decisions",
        "discussion",
        "agenda",
        "action",
        "actions",
        "update",
        "updates",
        "status",
        "summary",
        "options",
        "option",
        "follow",
        "followup",
        "follow-up",
        "next",
        "todo",
        "done",
        "result",
        "results",
        "conclusion",
        "context",
        "background",
        "proposal",
        "topic",
        "topics",
        "date",
        "time",
        "when",
        "where",
        "location",
        "attendees",
        "present",
        "absent",
        "regrets",
        "chair",
        "minutes",
        "recording",
        "video",
        "link",
        "links",
        "agreed",
        "resolved",
        "outcome",
        "outcomes",
        "issue",
        "issues",
        "pr",
        "prs",
        "edit",
        "edited",
        "source",
        "see",
        "tl",
        "tldr",
        "notetaker",
        "scribe",
        "facilitator",
        "host",
        "re",
        "eta",
        "cc",
        "fyi",
        "ps",
        "nb",
        "poll",
        "consensus",
        "objection",
        "objections",
        "goal",
        "goals",
        "problem",
        "solution",
        "idea",
        "ideas",
        "pro",
        "pros",
        "con",
        "cons",
        "example",
        "examples",
        "feedback",
        "contacts",
        "thanks",
        "comments",
        "comment",
    ]
)


@dataclass(frozen=True)
class Line:
    """One input line, reduced to its content plus the layout around it."""

    number: int
    raw: str
    text: str
    indent: int = 0
    bullet: bool = False
    checkbox: bool = False
    heading: int = 0
    speaker: str | None = None
    cells: tuple[str, ...] | None = None
    blank: bool = False
    numbered: bool = False
    header: bool = False
    rule: bool = False
    columns: tuple[str, ...] | None = None
    """For a table row: its table's header cells, so 'Owner' and 'Due' columns are read
    as such rather than as more task text."""


def is_label(name: str) -> bool:
    """True for 'Note:'-style labels that look like a speaker but are not a person."""
    first = re.split(r"[\s_-]+", name.strip("*_[] ").lower())[0].rstrip(".")
    return first in LABELS or name.lower().startswith(("next ", "follow "))


def split_speaker(text: str) -> tuple[str | None, str]:
    """Split 'Name: text', '**Name**: text' and 'JB - text' into speaker and text."""
    match = _SPEAKER.match(text)
    if not match or is_label(match.group("name")):
        return None, text
    name = match.group("name").strip()
    if " - " in match.group(0)[: len(name) + 6] and not re.fullmatch(r"[A-Z]{1,4}", name):
        return None, text
    return name, match.group("rest").strip()


def _table_cells(text: str) -> tuple[str, ...] | None:
    if "|" not in text or text.count("|") < 1 or _TABLE_SEPARATOR.match(text):
        return None
    if not (text.startswith("|") or " | " in text):
        return None
    return tuple(cell.strip() for cell in text.strip().strip("|").split("|"))


def _layout(number: int, raw: str, speaker: str | None, following: str = "") -> Line:
    expanded = raw.replace("\t", "    ")
    body = expanded.strip()
    indent = len(expanded) - len(expanded.lstrip())
    body = _QUOTE.sub("", body)
    heading = _HEADING.match(body)
    if heading:
        return Line(number, raw, heading.group(2), indent, heading=len(heading.group(1)))
    bullet = _BULLET.match(body)
    checkbox = False
    if bullet:
        body = bullet.group(2)
    box = _CHECKBOX.match(body)
    if box:
        body, checkbox = box.group(1), True
    if speaker is None:
        speaker, body = split_speaker(body)
    return Line(
        number,
        raw,
        body.strip(),
        indent,
        bullet=bool(bullet) or checkbox,
        checkbox=checkbox,
        speaker=speaker,
        cells=None if bullet or checkbox else _table_cells(body),
        numbered=bool(bullet and bullet.group(1)[0].isdigit()),
        header=bool(_TABLE_SEPARATOR.match(following.strip())) and "|" in following,
    )


def _looks_like_cue_id(raw: str, following: str) -> bool:
    return bool(_CUE_NUMBER.match(raw)) and bool(_TIMING.match(following))


def _speaker_alone(raw: str, prev_blank: bool, following: str) -> str | None:
    """A name on its own line followed by text (Teams, Meet and chat exports)."""
    if not prev_blank or not following.strip():
        return None
    candidate = _TRAIL_TIMESTAMP.sub("", raw.strip())
    had_time = candidate != raw.strip()
    match = _SPEAKER_ALONE.match(candidate)
    if not match or is_label(match.group("name")) or _HEADING.match(following.strip()):
        return None
    if not had_time and len(candidate.split()) > 3:
        return None
    return match.group("name")


def parse_lines(text: str) -> list[Line]:
    """Lines with layout and speaker; transcript timing lines come out blank."""
    raws = _LINE_BREAK.split(text.removesuffix("\n").removesuffix("\r"))
    out: list[Line] = []
    sticky: str | None = None
    for index, raw in enumerate(raws):
        number = index + 1
        following = raws[index + 1] if index + 1 < len(raws) else ""
        prev_blank = (
            index == 0 or not raws[index - 1].strip() or bool(_TIMING.match(raws[index - 1]))
        )
        if (
            not raw.strip()
            or _TIMING.match(raw)
            or _looks_like_cue_id(raw, following)
            or ("|" in raw and _TABLE_SEPARATOR.match(raw.strip()))
        ):
            sticky = None
            out.append(Line(number, raw, "", blank=True))
            continue
        if _RULE.match(raw):
            sticky = None
            out.append(Line(number, raw, "", rule=True))
            continue
        if index == 0 and _VTT_HEADER.match(raw):
            out.append(Line(number, raw, "", blank=True))
            continue
        voice = _VOICE.match(raw.strip())
        if voice:
            out.append(_layout(number, voice.group(2), voice.group(1).strip()))
            continue
        alone = _speaker_alone(raw, prev_blank, following)
        if alone:
            sticky = alone
            out.append(Line(number, raw, "", blank=True, speaker=alone))
            continue
        out.append(_layout(number, _LEAD_TIMESTAMP.sub("", raw), sticky, following))
    return _with_columns(out)


def _with_columns(lines: list[Line]) -> list[Line]:
    """Gives every table row the header cells of its table."""
    columns: tuple[str, ...] | None = None
    out = []
    for line in lines:
        if line.header:
            columns = line.cells
        elif line.cells is not None and columns is not None:
            line = replace(line, columns=columns)
        elif not line.blank:
            columns = None
        out.append(line)
    return out
