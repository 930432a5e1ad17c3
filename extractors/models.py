"""The extractor contract: what goes in, what comes out.

Every extractor (rules, LLM) takes an `ExtractionRequest` and returns an
`ExtractionResult`. Both are plain pydantic models so the domain package can
store them and the CLI can print them without knowing which extractor ran.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Protocol

from pydantic import BaseModel, Field

SourceKind = Literal["notes", "thread", "transcript"]
DependencyKind = Literal["blocked_by", "waiting_on", "after", "depends_on"]
SignalKind = Literal["scope_change", "budget_shift"]


class KnownPerson(BaseModel):
    """Someone the program already knows, so names in notes can resolve to them."""

    key: str = Field(description="Stable identifier: a Slack user id or the stored person id.")
    name: str
    aliases: list[str] = Field(default_factory=list)


class KnownProject(BaseModel):
    name: str
    aliases: list[str] = Field(default_factory=list)


class ExtractionRequest(BaseModel):
    text: str
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
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    evidence: tuple[int, int] = Field(description="First and last source line (1-based).")
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
    signals: list[Signal] = Field(default_factory=list)
    extractor: str
    warnings: list[str] = Field(
        default_factory=list,
        description="What the user should know, e.g. 'model timed out; used rules extractor'.",
    )


class Extractor(Protocol):
    name: str

    def extract(self, request: ExtractionRequest) -> ExtractionResult: ...
