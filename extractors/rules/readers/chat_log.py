"""IRC and meetbot logs: '<nick> text', '[12:03] <nick> text', '12:03 < nick> text'.

Meetbot commands are structure: '#topic' opens a section and '#action' tags an action,
so a log reads like minutes whose speakers are nicknames.
"""

from __future__ import annotations

import re

from extractors.models import Speaker
from extractors.rules.cues.sections import section_kind
from extractors.rules.document import Document, Section, Unit
from extractors.rules.readers.lines import split_lines

_LINE = re.compile(
    r"^\s*(?:\[?(?:\d{4}-\d{2}-\d{2}[T ])?\d{1,2}:\d{2}(?::\d{2})?\]?\s+)?"
    r"<\s?[@+%~&]?(?P<nick>[\w\[\]`^{}|.-]{1,32})\s?>\s?(?P<text>.*)$"
)
_TOPIC = re.compile(r"^#topic\s+(?P<title>.+)$", re.I)


def is_chat_log(lines: list[str]) -> bool:
    said = [line for line in lines if line.strip()]
    return len(said) >= 2 and sum(1 for line in said if _LINE.match(line)) * 2 >= len(said)


def read_chat_log(text: str) -> Document:
    raws = split_lines(text)
    units: list[Unit] = []
    section: Section | None = None
    for index, raw in enumerate(raws):
        match = _LINE.match(raw)
        if not match or not match.group("text").strip():
            continue
        said = match.group("text").strip()
        topic = _TOPIC.match(said)
        if topic:
            title = topic.group("title").strip()
            section = Section(title, 1, section_kind(title))
            continue
        speaker = Speaker(display_name=match.group("nick"))
        unit = Unit("utterance", said, index + 1, index + 1, speaker=speaker, raw=said)
        unit.section = section
        units.append(unit)
    return Document("chat log", units, raws)
