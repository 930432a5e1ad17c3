"""The extractor contract: what goes in, what comes out.

Every extractor (rules, LLM) takes an `ExtractionRequest` and returns an
`ExtractionResult`. Both are plain pydantic models so the domain package can
store them and the CLI can print them without knowing which extractor ran.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, Protocol

from pydantic import BaseModel, Field

SourceKind = Literal["notes", "thread", "transcript"]
DependencyKind = Literal["blocked_by", "waiting_on", "after", "depends_on"]
SignalKind = Literal["scope_change", "budget_shift"]
ItemStatus = Literal["open", "done", "cancelled"]


class KnownPerson(BaseModel):
    """Someone the program already knows, so names in notes can resolve to them."""

    key: str = Field(description="Stable identifier: a Slack user id or the stored person id.")
    name: str
    aliases: list[str] = Field(default_factory=list)


class KnownProject(BaseModel):
    name: str
    aliases: list[str] = Field(default_factory=list)


class Speaker(BaseModel):
    """Who said something. A Slack user carries their id, so an owner who is a Slack
    user resolves by id rather than by re-reading a name from text."""

    user_id: str | None = None
    display_name: str = ""
    real_name: str = ""

    @property
    def name(self) -> str:
        return self.display_name or self.real_name or self.user_id or "someone"


class Utterance(BaseModel):
    """One turn of a conversation: a Slack message, a transcript cue, a chat line."""

    speaker: Speaker
    text: str
    at: datetime | None = Field(
        default=None, description="When it was said (aware); relative dates resolve against it."
    )
    permalink: str | None = None
    accepted_by: list[str] = Field(
        default_factory=list,
        description="User ids who reacted to this message with an acceptance (👍, ✅, 👀).",
    )


class ExtractionRequest(BaseModel):
    """A document (`text`) or a conversation (`utterances`); a conversation wins when both
    are given, and `text` is then only its rendering for evidence lines."""

    text: str = ""
    utterances: list[Utterance] | None = None
    meeting_date: date
    timezone: str = "UTC"
    people: list[KnownPerson] = Field(default_factory=list)
    projects: list[KnownProject] = Field(default_factory=list)
    source_kind: SourceKind = "notes"


class Owner(BaseModel):
    """An owner as written, plus the known person it resolved to (if any)."""

    name: str
    person_key: str | None = None


class ExtractedDependency(BaseModel):
    """'blocked by X', 'waiting on X', 'after X ships': X is kept as written."""

    kind: DependencyKind
    target: str
    target_project: str | None = None


class ExtractedItem(BaseModel):
    task: str
    owners: list[Owner] = Field(default_factory=list)
    due: date | None = None
    due_phrase: str | None = Field(default=None, description="The text the due date came from.")
    project: str | None = None
    dependencies: list[ExtractedDependency] = Field(default_factory=list)
    status: ItemStatus = "open"
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    evidence: tuple[int, int] = Field(
        description="First and last source line (1-based); for a conversation, utterances."
    )
    quote: str = Field(default="", description="The sentence the item was read from.")
    topic: str | None = Field(
        default=None, description="What a short task ('Review this') is about: its heading."
    )
    permalink: str | None = None
    flags: list[str] = Field(
        default_factory=list,
        description="Doubts kept with the item, e.g. 'owner_unsupported', 'due_unsupported'.",
    )


class Signal(BaseModel):
    """Something in the notes that is not an action item but matters to risk."""

    kind: SignalKind
    text: str
    line: int
    project: str | None = None


class ExtractionResult(BaseModel):
    items: list[ExtractedItem] = Field(default_factory=list)
    mentioned: list[ExtractedItem] = Field(
        default_factory=list,
        description="Untagged promises in notes that carry their own action list: offered "
        "to the user to track, never stored silently.",
    )
    signals: list[Signal] = Field(default_factory=list)
    extractor: str
    format: str = Field(default="", description="The notes format the extractor read.")
    warnings: list[str] = Field(
        default_factory=list,
        description="What the user should know, e.g. 'model timed out; used rules extractor'.",
    )


class Extractor(Protocol):
    name: str

    def extract(self, request: ExtractionRequest) -> ExtractionResult: ...
