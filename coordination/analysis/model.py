"""The facts the analysis reads, as plain frozen records.

Storage maps its rows onto these, so the analysis never sees a session, a tenant or Slack.
Every type is keyword-only: the mapping code names each field, and adding one later
cannot silently shift the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, NamedTuple

DEFAULT_ESTIMATE_DAYS = 1.0
"""Effort assumed for an item without an estimate: small, but never free."""

DEFAULT_WEEKLY_CAPACITY_DAYS = 5.0

ItemStatus = Literal["open", "done", "cancelled"]
EdgeStatus = Literal["open", "blocked", "resolved"]
SignalKind = Literal["scope_change", "budget_shift"]


class NodeRef(NamedTuple):
    """One end of a dependency: an item, or a project standing for all its open items.

    A tuple, so storage may pass ``("item", 7)`` as it is.
    """

    kind: Literal["item", "project"]
    id: int

    @classmethod
    def item(cls, item_id: int) -> NodeRef:
        return cls("item", item_id)

    @classmethod
    def project(cls, project_id: int) -> NodeRef:
        return cls("project", project_id)


class ItemFacts(NamedTuple):
    """A named tuple rather than a frozen dataclass, the one exception to keyword-only
    records: a program has 200,000 of these, and `ItemFacts._make(row)` builds one at
    tuple speed where a frozen dataclass's __init__ took a fifth of a status. Still
    immutable, and named everywhere it is read; build it by keyword elsewhere."""

    id: int
    project_id: int | None
    owner_ids: tuple[int, ...]
    task: str
    status: ItemStatus
    due: date | None
    estimate_days: float | None
    completed_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def effort_days(self) -> float:
        """The estimate, or the default, so missing estimates still weigh something."""
        return DEFAULT_ESTIMATE_DAYS if self.estimate_days is None else self.estimate_days

    def is_overdue(self, today: date) -> bool:
        """Due today is not yet overdue: the owner still has the day."""
        return self.status == "open" and self.due is not None and self.due < today


@dataclass(frozen=True, slots=True, kw_only=True)
class DueChange:
    """One recorded change of an item's due date, from the item's history."""

    item_id: int
    changed_at: datetime
    old_due: date | None
    new_due: date | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Edge:
    """``downstream`` cannot finish until ``upstream`` has."""

    id: int
    upstream: NodeRef
    downstream: NodeRef
    status: EdgeStatus
    need_by: date | None = None

    @property
    def is_active(self) -> bool:
        """A resolved dependency no longer constrains anything."""
        return self.status != "resolved"


@dataclass(frozen=True, slots=True, kw_only=True)
class ProjectFacts:
    id: int
    name: str
    lead_id: int | None = None
    start: date | None = None
    end: date | None = None
    budget_planned: float | None = None
    budget_spent: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonFacts:
    id: int
    name: str
    weekly_capacity_days: float = DEFAULT_WEEKLY_CAPACITY_DAYS


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskFacts:
    """A risk as stored, whether raised by hand or by `derive_risks`."""

    id: int
    scope: str
    title: str
    likelihood: int
    impact: int
    status: str
    previous_score: int | None
    created_at: datetime

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True, slots=True, kw_only=True)
class NoteSignal:
    """A scope change or budget shift an extractor found in notes (not an action item)."""

    kind: SignalKind
    text: str
    project_id: int | None
    source_id: str
    seen_at: datetime
