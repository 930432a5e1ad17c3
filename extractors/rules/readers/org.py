"""Org-mode's task markup, read into the shape every other list has.

'** TODO [#A] Renew the certs   :ops:' is an open task, 'DONE …' a finished one and
'CANCELLED …' a dropped one; the priority cookie and the tags are markup, not words of
the task, though a tag that is a name (':Marta:') says whose task it is. A
'DEADLINE: <2026-03-12 Thu>' line under an entry is that entry's due date, and property
drawers (':PROPERTIES:' … ':END:') hold metadata only.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from extractors.rules.document import Check

if TYPE_CHECKING:
    from extractors.rules.readers.lines import Line

_KEYWORD = re.compile(
    r"^(?P<keyword>TODO|NEXT|WAITING|WAIT|STARTED|HOLD|DONE|CANCELL?ED)\s+"
    r"(?:\[#[A-Z0-9]\]\s+)?(?P<rest>.+?)(?:\s+:(?P<tags>[\w@#%:]+):)?\s*$"
)
_PERSON_TAG = re.compile(r"[A-Z][a-z]+")
"""':Marta:Elena:' tags people; ':ops:' and ':@home:' tag a context."""
_OPEN = frozenset("TODO NEXT WAITING WAIT STARTED HOLD".split())
_PLANNING = re.compile(
    r"^\s*(?:(?:DEADLINE|SCHEDULED|CLOSED):\s*[<\[](?P<date>\d{4}-\d{2}-\d{2})[^>\]]*[>\]]\s*)+$"
)
_DEADLINE = re.compile(r"DEADLINE:\s*<(?P<date>\d{4}-\d{2}-\d{2})")
_DRAWER = re.compile(r"^\s*:(?:[A-Z_]+):")


def org_entry(text: str) -> tuple[str, Check | None] | None:
    """The entry as a labelled task ('TODO: …', what the cues read as a task whatever
    the section) and its state; None for other text. A done entry is ticked, a
    cancelled one keeps a '(cancelled)' mark for the status cues."""
    match = _KEYWORD.match(text)
    if match is None:
        return None
    keyword, rest = match.group("keyword"), match.group("rest")
    people = [t for t in (match.group("tags") or "").split(":") if _PERSON_TAG.fullmatch(t)]
    if people:
        rest = f"{rest} ({', '.join(people)})"
    if keyword in _OPEN:
        return f"TODO: {rest}", None
    if keyword == "DONE":
        return f"TODO: {rest}", "done"
    return f"TODO: {rest} (cancelled)", None


def fold_planning(lines: list[Line]) -> list[Line]:
    """A planning line gives the entry above it its deadline ('… by 2026-03-12') and
    then reads as blank, as do property drawers."""
    out: list[Line] = []
    in_drawer = False
    for line in lines:
        text = line.raw.strip()
        if in_drawer or (_DRAWER.match(text) and text.upper() != ":END:"):
            in_drawer = text.upper() != ":END:"
            out.append(replace(line, text="", blank=True, bullet=False, heading=0))
            continue
        if _PLANNING.match(text):
            deadline = _DEADLINE.search(text)
            entry = _last_entry(out)
            if deadline and entry is not None:
                out[entry] = replace(out[entry], text=f"{out[entry].text} by {deadline['date']}")
            out.append(replace(line, text="", blank=True, bullet=False, heading=0))
            continue
        out.append(line)
    return out


def _last_entry(lines: list[Line]) -> int | None:
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].blank:
            return index if lines[index].bullet or lines[index].heading else None
    return None
