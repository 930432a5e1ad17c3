"""Chat logs: IRC and meetbot ('<nick> text', '[12:03] <nick> text', '12:03 < nick> text')
and 'handle: text' lines, timed or not ('[10:02] maya: …', 'maya: on it').

Meetbot commands are structure: '#topic' opens a section and '#action' tags an action,
so a log reads like minutes whose speakers are nicknames.
"""

from __future__ import annotations

import re

from extractors.models import Speaker
from extractors.rules.cues.names import is_label_word
from extractors.rules.cues.sections import section_kind
from extractors.rules.document import Document, Section, Unit
from extractors.rules.readers.lines import split_lines

_TIME = r"\[?(?:\d{4}-\d{2}-\d{2}[T ])?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\]?"
_LINE = re.compile(
    rf"^\s*(?:{_TIME}\s+)?"
    r"<\s?[@+%~&]?(?P<nick>[\w\[\]`^{}|.-]{1,32})\s?>\s?(?P<text>.*)$"
    rf"|^\s*{_TIME}\s+(?:-\s+)?@?(?P<named>[a-z][a-z0-9_.-]{{1,31}}):\s(?P<said>.*)$"
)
"""'<nick> text' with or without a time, or a timed 'handle: text' ('[10:02] maya: …');
a timed 'Maria: …' is a meeting transcript (see transcript.py)."""
_TOPIC = re.compile(r"^#topic\s+(?P<title>.+)$", re.I)


_HANDLE_LINE = re.compile(r"^\s*(?P<named>[a-z][a-z0-9_.-]{1,20}):\s(?P<said>\S.*)$")
"""'maya: on it' without a time: a chat log only when most lines are such by several
people, since one 'note: …' line is a label."""
_HANDLES_NEEDED = 2
_HANDLE_SHARE = 0.6


def is_chat_log(lines: list[str]) -> bool:
    said = [line for line in lines if line.strip()]
    if len(said) >= 2 and sum(1 for line in said if _LINE.match(line)) * 2 >= len(said):
        return True
    return _handle_lines(said)


def _handle_lines(said: list[str]) -> bool:
    handles = [m.group("named") for line in said if (m := _HANDLE_LINE.match(line))]
    people = {h for h in handles if not is_label_word(h)}
    return (
        len(said) >= 3
        and len(people) >= _HANDLES_NEEDED
        and len(handles) >= _HANDLE_SHARE * len(said)
    )


def _line(raw: str) -> re.Match[str] | None:
    match = _LINE.match(raw) or _HANDLE_LINE.match(raw)
    if match is not None and "named" in match.groupdict() and is_label_word(match["named"] or ""):
        return None
    return match


def read_chat_log(text: str) -> Document:
    raws = split_lines(text)
    units: list[Unit] = []
    section: Section | None = None
    for index, raw in enumerate(raws):
        match = _line(raw)
        said = _said(match)
        if not said:
            continue
        topic = _TOPIC.match(said)
        if topic:
            title = topic.group("title").strip()
            section = Section(title, 1, section_kind(title))
            continue
        speaker = Speaker(display_name=_group(match, "nick") or _group(match, "named"))
        unit = Unit("utterance", said, index + 1, index + 1, speaker=speaker, raw=said)
        unit.section = section
        units.append(unit)
    return Document("chat log", units, raws)


def _group(match: re.Match[str], name: str) -> str:
    return match.groupdict().get(name) or ""


def _said(match: re.Match[str] | None) -> str:
    return (_group(match, "text") or _group(match, "said")).strip() if match else ""
