"""The extractor contract: what goes in, what comes out.

Every extractor (rules, LLM) takes an `ExtractionRequest` and returns an
`ExtractionResult`. Both are plain dataclasses, so the domain package can store them
and the CLI can print them without knowing which extractor ran, and `extract` starts
without pydantic: every producer builds them from values it has already checked (the
LLM extractor validates the model's answer with its own pydantic schema,
`extractors/llm/schema.py`, before it builds these).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol

SourceKind = Literal["notes", "thread", "transcript"]
DependencyKind = Literal["blocked_by", "waiting_on", "after", "depends_on"]
SignalKind = Literal["scope_change", "budget_shift"]
ItemStatus = Literal["open", "done", "cancelled"]


@dataclass(kw_only=True)
class KnownPerson:
    """Someone the program already knows, so names in notes can resolve to them."""

    key: str
    """Stable identifier: a Slack user id or the stored person id."""
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class KnownProject:
    name: str
    aliases: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Speaker:
    """Who said something. A Slack user carries their id, so an owner who is a Slack
    user resolves by id rather than by re-reading a name from text."""

    user_id: str | None = None
    display_name: str = ""
    real_name: str = ""

    @property
    def name(self) -> str:
        return self.display_name or self.real_name or self.user_id or "someone"


@dataclass(kw_only=True)
class Utterance:
    """One turn of a conversation: a Slack message, a transcript cue, a chat line."""

    speaker: Speaker
    text: str
    at: datetime | None = None
    """When it was said (aware); relative dates resolve against it."""
    permalink: str | None = None
    accepted_by: list[str] = field(default_factory=list)
    """User ids who reacted to this message with an acceptance (👍, ✅, 👀)."""


@dataclass(kw_only=True)
class ExtractionRequest:
    """A document (`text`) or a conversation (`utterances`); a conversation wins when both
    are given, and `text` is then only its rendering for evidence lines."""

    text: str = ""
    utterances: list[Utterance] | None = None
    meeting_date: date
    timezone: str = "UTC"
    people: list[KnownPerson] = field(default_factory=list)
    projects: list[KnownProject] = field(default_factory=list)
    source_kind: SourceKind = "notes"


@dataclass(kw_only=True)
class Owner:
    """An owner as written, plus the known person it resolved to (if any)."""

    name: str
    person_key: str | None = None


@dataclass(kw_only=True)
class ExtractedDependency:
    """'blocked by X', 'waiting on X', 'after X ships': X is kept as written."""

    kind: DependencyKind
    target: str
    target_project: str | None = None


@dataclass(kw_only=True)
class ExtractedItem:
    task: str
    owners: list[Owner] = field(default_factory=list)
    due: date | None = None
    due_phrase: str | None = None
    """The text the due date came from."""
    project: str | None = None
    dependencies: list[ExtractedDependency] = field(default_factory=list)
    status: ItemStatus = "open"
    confidence: float = 0.5
    """From 0 to 1; the LLM extractor clamps the model's figure into that range."""
    evidence: tuple[int, int]
    """First and last source line (1-based); for a conversation, utterances."""
    quote: str = ""
    """The sentence the item was read from."""
    topic: str | None = None
    """What a short task ('Review this') is about: its heading."""
    permalink: str | None = None
    flags: list[str] = field(default_factory=list)
    """Doubts kept with the item, e.g. 'owner_unsupported', 'due_unsupported'."""


@dataclass(kw_only=True)
class Signal:
    """Something in the notes that is not an action item but matters to risk."""

    kind: SignalKind
    text: str
    line: int
    project: str | None = None


@dataclass(kw_only=True)
class ExtractionResult:
    items: list[ExtractedItem] = field(default_factory=list)
    mentioned: list[ExtractedItem] = field(default_factory=list)
    """Untagged promises in notes that carry their own action list: offered to the user
    to track, never stored silently."""
    signals: list[Signal] = field(default_factory=list)
    extractor: str
    format: str = ""
    """The notes format the extractor read."""
    warnings: list[str] = field(default_factory=list)
    """What the user should know, e.g. 'model timed out; used rules extractor'."""


class Extractor(Protocol):
    name: str

    def extract(self, request: ExtractionRequest) -> ExtractionResult: ...
