"""Candidates: an item's raw wording, where it came from and how sure we are.

Sections, inline markers and plain commitments all produce candidates; turning
a candidate into an `ExtractedItem` is one shared step (see items.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.rules.blocks import Entry
from extractors.rules.lines import is_label
from extractors.rules.markers import inline_marker, is_empty_task
from extractors.rules.owners import lead_owner, names_if_plausible
from extractors.rules.tasks import looks_like_code, sentences
from extractors.rules.text import strip_markdown

SECTION, INLINE, COMMITMENT = 0.9, 0.8, 0.4
_LABEL_OWNER = re.compile(r"^(?P<label>[A-Z@][^:.!]{0,40}?)\s*:\s+(?P<rest>\S.*)$")
_ID_CELL = re.compile(r"^(?:#?\d+(?:\.\d+)*|\W*)$")
_LEAD_IN_END = re.compile(r"(?::|\bto|\bwill|\bwe)\s*$", re.I)


@dataclass
class Candidate:
    """Wording of one item before owners, dates and task text are worked out."""

    text: str
    first: int
    last: int
    confidence: float
    owners: list[str] | None = None
    context: list[str] = field(default_factory=list)
    # True when the owners came from a sub-bullet label: the wording then starts
    # with the parent's topic ('Outreach: Berkeley'), which is not an owner.
    settled: bool = False
    # The topic an inline or untagged item sits under, for tasks too short to stand alone.
    topic: str | None = None

    @property
    def source(self) -> str:
        """The list an item came from (its section heading); inline labels share ''."""
        return self.context[0] if self.context else ""


def label_owner(text: str) -> tuple[list[str], str] | None:
    """'Linux Foundation: …', 'Google toolchain folks: …' in action lists name the owner."""
    match = _LABEL_OWNER.match(strip_markdown(text))
    if not match or is_label(match.group("label")) or re.search(r"\d", match.group("label")):
        return None
    label = match.group("label")
    if len(label.split()) > 4:
        return None
    names = names_if_plausible(label)
    return (
        (names or [label.strip()], match.group("rest"))
        if names is not None or " " in label
        else None
    )


def entry_owner(entry: Entry) -> list[str] | None:
    """The owner a list entry names before a colon, when its text is only that name."""
    if entry.head.speaker and not strip_markdown(entry.text).strip(" :"):
        return names_if_plausible(entry.head.speaker)
    plain = strip_markdown(entry.text).strip()
    if plain.endswith(":") and len(plain.split()) <= 3:
        return names_if_plausible(plain.rstrip(":"))
    return None


def from_list_entry(entry: Entry, owners: list[str] | None, context: list[str]) -> list[Candidate]:
    """Items from one entry of an action list, including its sub-bullets when they carry
    the owners ('Undergrad outreach.' / 'Ciera: Berkeley.') or finish its sentence."""
    if entry.head.cells is not None:
        return _table_row(entry, owners, context)
    text = _entry_text(entry)
    if looks_like_code(text):
        return []
    own = entry_owner(entry)
    if own is not None and entry.children:
        return [c for child in entry.children for c in from_list_entry(child, own, context)]
    children = [c for c in entry.children if not looks_like_code(c.text)]
    speakers = [c for c in children if c.head.speaker or label_owner(c.text)]
    if children and len(speakers) == len(children) and not _has_owner(text):
        return [_child_item(entry, child, text, context) for child in children]
    last = entry.lines[-1].number
    if children and strip_markdown(text).rstrip().endswith(":"):
        text = text.rstrip() + " " + "; ".join(strip_markdown(c.text).rstrip(".") for c in children)
        last = entry.last
    plain = strip_markdown(text).rstrip(":")
    if is_empty_task(plain) or (is_label(plain) and len(plain.split()) <= 2):
        return []
    return [Candidate(text, entry.first, last, SECTION, owners, context)]


_OWNER_COLUMN = re.compile(
    r"^(?:owners?|who|assignees?|assigned to|responsible|leads?|person|name|dri)$", re.I
)
_DUE_COLUMN = re.compile(r"^(?:due|due date|deadline|when|date|by|by when|target date|eta)$", re.I)


def _column(columns: tuple[str, ...], cells: tuple[str, ...], pattern: re.Pattern[str]) -> str:
    for name, cell in zip(columns, cells, strict=False):
        if pattern.match(strip_markdown(name).strip()):
            return strip_markdown(cell).strip()
    return ""


def _table_row(entry: Entry, owners: list[str] | None, context: list[str]) -> list[Candidate]:
    """A table row in an action section: an 'Owner' column names the owners and a 'Due'
    column dates the item; of the other cells, the longest is the task; ids are dropped."""
    cells = entry.head.cells or ()
    if entry.head.header:
        return []
    columns = entry.head.columns or ()
    owner_cell = _column(columns, cells, _OWNER_COLUMN)
    due_cell = _column(columns, cells, _DUE_COLUMN)
    words = [strip_markdown(c) for c in cells if not _ID_CELL.match(strip_markdown(c))]
    words = [w for w in words if w and w not in (owner_cell, due_cell)]
    if not words:
        return []
    named = names_if_plausible(owner_cell) if owner_cell else None
    dated = [*context, f"by {due_cell}"] if due_cell else context
    return [
        Candidate(
            max(words, key=len),
            entry.first,
            entry.last,
            SECTION,
            named if named is not None else owners,
            dated,
            settled=named is not None,
        )
    ]


def _child_item(parent: Entry, child: Entry, parent_text: str, context: list[str]) -> Candidate:
    own = label_owner(_entry_text(child))
    names, rest = own if own else ([child.head.speaker or ""], child.text)
    task = strip_markdown(parent_text).rstrip(" .:") + ": " + strip_markdown(rest)
    return Candidate(task, parent.first, child.last, SECTION, names, context, settled=True)


def _entry_text(entry: Entry) -> str:
    if entry.head.speaker:
        return f"{entry.head.speaker}: {entry.text}"
    return entry.text


def _has_owner(text: str) -> bool:
    return lead_owner(strip_markdown(text)) is not None or label_owner(text) is not None


def is_lead_in(entry: Entry, following: Entry | None) -> bool:
    """'By next call we hope to' or 'We enumerated some goals…' introduce a list."""
    if following is None or not following.is_list or entry.is_list:
        return False
    plain = strip_markdown(entry.text)
    return bool(_LEAD_IN_END.search(plain)) or len(plain.split()) > 12 or plain.endswith(".")


def from_marker(entry: Entry) -> list[Candidate]:
    """'ACTION: A to x. B to y.' gives one item per owner; owner-less sentences either
    continue the previous item or, before any owned sentence, are commentary."""
    marker = inline_marker(entry.text)
    if marker is None:
        return []
    owners = names_if_plausible(marker.owner) if marker.owner else None
    parts = sentences(marker.rest) if owners is None else [marker.rest]
    groups: list[tuple[bool, list[str]]] = []
    for part in parts:
        if is_empty_task(part.rstrip(".")):
            continue
        if _starts_owned(part) or not groups:
            groups.append((_starts_owned(part), [part]))
        else:
            groups[-1][1].append(part)
    while len(groups) > 1 and not groups[0][0] and any(owned for owned, _ in groups):
        groups.pop(0)
    texts = [" ".join(parts) for _, parts in groups]
    return [
        Candidate(t, entry.first, entry.last, INLINE, owners) for t in texts if not _is_report(t)
    ]


def _starts_owned(sentence: str) -> bool:
    plain = strip_markdown(sentence)
    return lead_owner(plain) is not None or plain.lower().startswith("will ")


def _is_report(text: str) -> bool:
    """'PR landed', 'X and Y confirmed for the roles': outcomes recorded, not tasks."""
    plain = strip_markdown(text).lower()
    reported = re.search(r"\b(landed|confirmed|approved|merged|completed|resolved|done)\b", plain)
    return bool(reported) and not re.search(r"\b(to|will)\b", plain)
