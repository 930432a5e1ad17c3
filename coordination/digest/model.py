"""The digest as plain records: the Slack edge renders them, the CLI prints them.

A list read up to a limit (`load_digest(lines=...)`) carries its total beside it
(`*_count`), so headings and "…and N more" count every entry, not just those read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coordination.program_view.view import BlockedDependency, RiskLine


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemLine:
    id: int
    task: str
    owner: str | None
    owner_slack_id: str | None
    project: str | None
    due: date | None
    permalink: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class OwnerOverdue:
    owner: str
    owner_slack_id: str | None
    items: tuple[ItemLine, ...]
    items_count: int
    worst_days: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SlipLine:
    """One item whose date moved later since the last digest, and who waits on it."""

    item: ItemLine
    old_due: date
    new_due: date
    knock_on: tuple[str, ...]

    @property
    def days(self) -> int:
        return (self.new_due - self.old_due).days


@dataclass(frozen=True, slots=True, kw_only=True)
class HealthLine:
    project: str
    verdict: str
    line: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CapacityLine:
    person: str
    week_start: date
    load_days: float
    capacity_days: float
    projects: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Digest:
    program_id: int
    program: str
    week: str
    since: datetime
    today: date
    open_items: int
    overdue_items: int
    health: tuple[HealthLine, ...]
    completed: tuple[ItemLine, ...]
    completed_count: int
    new_items: tuple[ItemLine, ...]
    new_items_count: int
    overdue_by_owner: tuple[OwnerOverdue, ...]
    overdue_by_owner_count: int
    slipped: tuple[SlipLine, ...]
    blocked: tuple[BlockedDependency, ...]
    over_capacity: tuple[CapacityLine, ...]
    risks: tuple[RiskLine, ...]
