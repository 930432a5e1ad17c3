"""Who is speaking on a written line: 'Name: text', '**Name**: text', 'JB - text',
'[10:02] Name: text', or a name alone on the line above the text (chat exports)."""

from __future__ import annotations

import re

from extractors.rules.cues.names import is_label_word

_NAME_WORD = r"(?:[A-Z][\w'’.-]*|@[\w.-]+)"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
_LOWER_HANDLE = r"[a-z][a-z0-9_.-]{1,20}"
_LEAD_TIME = re.compile(
    r"^\[?\(?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?(?:\s*[AP]M)?\)?\]?\s+", re.I
)
_TRAIL_TIME = re.compile(
    r"\s+\[?\(?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?\s*(?:[AP]M)?\)?\]?$", re.I
)
_SPEAKER = re.compile(
    rf"^(?:\*\*|__)?\[?(?P<name>{_NAME})\]?(?:\s*\((?P<alias>[^)]{{1,30}})\))?"
    rf"(?:\*\*|__)?\s*(?:(?::|\*\*:)(?:\*\*|__)?\s+|:$|\s+[-–—]\s+(?=\S))(?P<rest>.*)$"
)
_HANDLE_SPEAKER = re.compile(rf"^(?P<name>{_LOWER_HANDLE}):\s+(?P<rest>\S.*)$")
_SPEAKER_ALONE = re.compile(rf"^(?:\*\*|__)?(?P<name>{_NAME})(?:\*\*|__)?$")
_INITIALS = re.compile(r"[A-Z]{1,4}")


def strip_timestamp(text: str) -> str:
    return _LEAD_TIME.sub("", text)


def split_speaker(text: str) -> tuple[str | None, str]:
    """'Name: text' into speaker and text; labels ('Note:', 'ACTION:') are not speakers and
    a dash names a speaker only as initials ('JB - …'), since topics use dashes too."""
    head = text[:60]
    if ":" not in head and " - " not in head and " – " not in head and " — " not in head:
        return None, text
    match = _SPEAKER.match(text)
    if not match or is_label_word(match.group("name")):
        return None, text
    name = match.group("name").strip()
    joined = match.group(0)[len(match.group("name")) :]
    if re.match(r"^\]?\s*[-–—]", joined) and not _INITIALS.fullmatch(name):
        return None, text
    if len(name.split()) > 1 and not all(w[:1].isupper() or w[:1] == "@" for w in name.split()):
        return None, text
    return name, match.group("rest").strip()


def split_handle_speaker(text: str) -> tuple[str | None, str]:
    """'maria: on it' — chat logs write speakers as lower-case handles."""
    match = _HANDLE_SPEAKER.match(text)
    if not match or is_label_word(match.group("name")):
        return None, text
    return match.group("name"), match.group("rest").strip()


def speaker_alone(raw: str) -> str | None:
    """A name on its own line, perhaps with a time ('Ana Lima  10:02 AM'), as chat and
    meeting exports print the speaker above what they said."""
    line = raw.strip()
    without_time = _TRAIL_TIME.sub("", line)
    had_time = without_time != line
    match = _SPEAKER_ALONE.match(without_time)
    if not match or is_label_word(match.group("name")):
        return None
    if not had_time and len(without_time.split()) > 3:
        return None
    return match.group("name")
