"""Who wrote a note: the name under an e-mail's sign-off ('Thanks,' then 'Maya') or in
its 'From:' header.

A recap's "I'll circulate the plan" is the writer's promise; without a speaker the rules
could only leave it unowned. Only the closing lines and the header are read: a name in
the body is somebody the note talks about.
"""

from __future__ import annotations

import re

from extractors.models import Speaker
from extractors.rules.cues.names import is_group, names_if_plausible

_CLOSING = (
    r"(?:thanks|thank you|many thanks|thx|ty|best|best regards|"
    r"kind regards|warm regards|regards|cheers|sincerely|all the best|talk soon|br)"
)
_NAME = r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
_CLOSING_LINE = re.compile(
    rf"^{_CLOSING}(?:[\s,]+(?:all|everyone|everybody|team|folks|again|so much))*[\s,!.]*$", re.I
)
_CLOSING_AND_NAME = re.compile(rf"^(?i:{_CLOSING})[\s,!.]+[-–—]?\s*{_NAME}[.!]?$")
_NAME_LINE = re.compile(rf"^(?:[-–—]+\s*)?{_NAME}$")
_DASHED_NAME = re.compile(rf"^(?:[-–—]{{1,2}})\s*{_NAME}$")
_FROM = re.compile(rf"^from:\s*{_NAME}\s*(?:<[^>]+>)?\s*$", re.I)
_HEADER_LINES = 6
_TAIL_LINES = 3


def author_of(lines: list[str]) -> Speaker | None:
    """The writer named by the note's sign-off or 'From:' header, if any; a sign-off by
    first name ('Ben') takes the header's full name ('Ben Adeyemi')."""
    written = [line.strip().strip("*_") for line in lines if line.strip()]
    signed, header = _signed(written[-_TAIL_LINES:]), _header(written[:_HEADER_LINES])
    if signed and header and header.split()[0].lower() == signed.split()[0].lower():
        signed = header
    name = signed or header
    return Speaker(display_name=name) if name else None


def _signed(tail: list[str]) -> str | None:
    for index, line in enumerate(tail):
        match = _CLOSING_AND_NAME.match(line)
        if match is None and _CLOSING_LINE.match(line) and index + 1 < len(tail):
            match = _NAME_LINE.match(tail[index + 1])
        if match is None and index == len(tail) - 1:
            match = _DASHED_NAME.match(line)
        if match is not None and _a_name(match.group("name")):
            return match.group("name")
    return None


def _header(head: list[str]) -> str | None:
    for line in head:
        match = _FROM.match(line)
        if match is not None and _a_name(match.group("name")):
            return match.group("name")
    return None


def _a_name(written: str) -> bool:
    """One person: 'Thanks, everyone' signs nobody."""
    names = names_if_plausible(written)
    return bool(names) and len(names) == 1 and not is_group(written)
