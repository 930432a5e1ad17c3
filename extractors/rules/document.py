"""The one shape every notes format is read into: sections holding units.

A reader per format (markdown minutes, transcripts, chat logs, Slack conversations)
produces this shape, so the cues that judge a unit never care where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from itertools import pairwise
from typing import Literal

from extractors.models import Speaker
from extractors.rules.text import strip_markdown

UnitKind = Literal["item", "paragraph", "row", "utterance"]
SectionKind = Literal["actions", "review", "decisions", "attendance", "agenda", "other"]
Check = Literal["open", "done"]


@dataclass
class Section:
    """A heading (with or without `#`) and what it is about."""

    title: str
    level: int
    kind: SectionKind = "other"
    parent: Section | None = None
    owners: list[str] | None = None
    """A sub-heading that is a person's name ('### Deeptanshu') owns the items under it."""

    def within(self, kind: SectionKind) -> bool:
        """True when the nearest section that says what it is about (this one or one
        above it) is of `kind`: an action list under 'Attendees' is still an action list."""
        section: Section | None = self
        while section is not None:
            if section.kind != "other":
                return section.kind == kind
            section = section.parent
        return False

    def nearest_owners(self) -> list[str] | None:
        section: Section | None = self
        while section is not None:
            if section.owners is not None:
                return section.owners
            section = section.parent
        return None

    @property
    def topic(self) -> str:
        return self.title


@dataclass
class Unit:
    """One thing a note-taker wrote or a person said: a list item, a paragraph, a table
    row or an utterance, with its wrapped lines and the sub-items under it."""

    kind: UnitKind
    text: str
    first: int
    last: int
    section: Section | None = None
    check: Check | None = None
    struck: bool = False
    speaker: Speaker | None = None
    at: datetime | None = None
    permalink: str | None = None
    accepted_by: list[str] = field(default_factory=list)
    cells: dict[str, str] | None = None
    """A table row's cells by column header."""
    indent: int = 0
    children: list[Unit] = field(default_factory=list)
    parent: Unit | None = None
    next: Unit | None = field(default=None, repr=False)
    """The unit after this one at the same level, so a lead-in sees the list it opens."""
    raw: str = ""
    """The text as written, kept as the evidence quote."""

    @cached_property
    def plain(self) -> str:
        """The text without markup, read once the reader is done with the unit."""
        return strip_markdown(self.text)

    @property
    def end(self) -> int:
        return max([self.last, *(child.end for child in self.children)])

    def walk(self) -> list[Unit]:
        """This unit and every unit nested under it, in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class Document:
    """Units in order, the format they were read as, and the lines for evidence."""

    format: str
    units: list[Unit]
    lines: list[str] = field(default_factory=list)
    mentions: dict[str, str] = field(default_factory=dict)
    """Names written as mentions ('@kim') and the Slack user ids they stand for."""
    names: dict[str, str] = field(default_factory=dict)
    """What to call each Slack user: their display name as they spoke, else as known."""
    author: Speaker | None = None
    """Who wrote the notes, where they sign them: the owner of the writer's own 'I'll …'."""

    def walk(self) -> list[Unit]:
        return [unit for top in self.units for unit in top.walk()]

    def link(self) -> Document:
        """Points every unit at the next one beside it."""
        _link(self.units)
        return self


def _link(units: list[Unit]) -> None:
    for unit, following in pairwise(units):
        unit.next = following
    for unit in units:
        _link(unit.children)
