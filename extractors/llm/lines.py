"""What the model is shown, one numbered line at a time, and what each line can vouch for.

A document is its own lines. A conversation is a transcript (conversation.py) whose
lines remember their author, time and mentions, so checks can ask who is on a line
rather than re-read a name from its words. Either way a line also knows the number it
reports as evidence: its line in a document, its message in a conversation (as the rules
extractor numbers them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from extractors.models import Speaker


@dataclass(frozen=True)
class SourceLine:
    content: str
    position: int
    """The evidence number this line reports as: its line, or its message in a thread."""
    speaker: Speaker | None = None
    at: datetime | None = None
    mentioned: tuple[Speaker, ...] = ()
    accepted_by: tuple[Speaker, ...] = ()
    """Who reacted to the message with an acceptance: 'I'll do it' without words."""
    permalink: str | None = None
    label: str | None = None
    """'maria (U1MARIA)': who wrote the line, as the transcript prefixes it."""

    @property
    def text(self) -> str:
        return f"{self.label}: {self.content}" if self.label else self.content

    def people(self) -> tuple[Speaker, ...]:
        """Who this line can make an owner: its author, the people it mentions and those
        who accepted it."""
        return ((self.speaker,) if self.speaker else ()) + self.mentioned + self.accepted_by

    def day(self, timezone: str, default: date) -> date:
        """The day the line was written, in the program's timezone, for relative dates
        (a time without a zone is taken as UTC, as Slack's timestamps are)."""
        if self.at is None:
            return default
        aware = self.at if self.at.tzinfo else self.at.replace(tzinfo=UTC)
        return aware.astimezone(ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class Source:
    lines: tuple[SourceLine, ...]
    conversation: bool

    @property
    def unit(self) -> str:
        """What evidence numbers count, in words a user reads in a warning."""
        return "message" if self.conversation else "line"

    def where(self, first: int, last: int) -> str:
        """'lines 3-5' or 'message 2', for lines numbered `first`..`last` (1-based)."""
        low, high = self.lines[first - 1].position, self.lines[last - 1].position
        if low == high:
            return f"{self.unit} {low}"
        return f"{self.unit}s {low}-{high}"

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


def blank(lines: Sequence[SourceLine], numbers: Sequence[int]) -> tuple[SourceLine, ...]:
    """The lines with `numbers` (1-based) emptied: no words, author or mentions left to
    vouch for a task, an owner or a date."""
    masked = set(numbers)
    return tuple(
        replace(line, content="", speaker=None, mentioned=(), accepted_by=(), label=None)
        if n in masked
        else line
        for n, line in enumerate(lines, start=1)
    )
