"""'Owner: Kim', 'Due: 12/15', 'Status: done' written inside a task line, as trackers and
templates print them; each field leaves the text and fills its own slot."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAMES = {
    "owner": r"owners?|assignees?|assigned to|who|dri|responsible",
    "due": r"due(?: date)?|deadline|by when|when|eta|target(?: date)?",
    "status": r"status|state",
    "task": r"task|action|to ?do|what",
}
_FIELD = re.compile(
    r"(?:^|(?<=[\s(\[|,;.]))(?P<name>" + "|".join(_NAMES.values()) + r")\s*[:=]\s*", re.I
)
_VALUE_END = re.compile(r"\s*(?:[.;|)\]]\s|[.;|)\]]$|,\s|\s[—–-]\s)")
"""A value ends at punctuation, or at a dash between fields ('owner: Priya — due 12/05')."""


@dataclass(frozen=True)
class Fields:
    rest: str
    owner: str | None = None
    due: str | None = None
    status: str | None = None


def _kind(name: str) -> str:
    return next(kind for kind, pattern in _NAMES.items() if re.fullmatch(pattern, name, re.I))


def read_fields(text: str) -> Fields | None:
    """The fields in `text` and the text without them; None when there are none."""
    matches = list(_FIELD.finditer(text))
    if not matches:
        return None
    values: dict[str, str] = {}
    pieces: list[str] = []
    cursor = 0
    for index, match in enumerate(matches):
        pieces.append(text[cursor : match.start()])
        limit = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        segment = text[match.end() : limit]
        end = _VALUE_END.search(segment)
        value = segment[: end.start()] if end else segment
        values.setdefault(_kind(match.group("name")), value.strip(" .,;|()[]"))
        cursor = match.end() + len(value)
    pieces.append(text[cursor:])
    rest = values.get("task") or " ".join(pieces)
    rest = re.sub(r"\(\s*[,;]*\s*\)|\[\s*[,;]*\s*\]", "", rest)
    rest = re.sub(r"\s*[.;,|]\s*(?=[.;,|]|$)", "", rest)
    rest = re.sub(r"\s{2,}", " ", rest).strip(" .;,|-–—(")
    rest = rest if "]" in rest else rest.strip("[")
    if not rest or not (values.keys() - {"task"}):
        return None
    return Fields(rest, values.get("owner"), values.get("due"), values.get("status"))
