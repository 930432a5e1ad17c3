"""Risks raised from the program's own signals, and which stored risks need attention.

Score is likelihood x impact, each 1-5, as on a classic risk matrix. A derived risk
carries a dedupe key that names the thing at risk, not its current numbers, so re-running
the analysis updates the same risk instead of raising a new one each day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from coordination.analysis import risk_rules
from coordination.analysis.capacity import CapacityTable
from coordination.analysis.dependencies import SlipImpact
from coordination.analysis.labels import Labels
from coordination.analysis.model import (
    DueChange,
    Edge,
    ItemFacts,
    NoteSignal,
    PersonFacts,
    ProjectFacts,
    RiskFacts,
)
from coordination.analysis.risk_rules import DerivedRisk
from coordination.analysis.table import ItemTable

NEW_WITHIN = timedelta(days=7)
CLOSED_STATUSES = frozenset({"closed", "resolved"})


@dataclass(frozen=True, slots=True)
class RisingRisk:
    risk: RiskFacts
    reason: Literal["new", "rising"]


def derive_risks(
    *,
    today: date,
    items: ItemTable | Iterable[ItemFacts] = (),
    projects: Iterable[ProjectFacts] = (),
    people: Iterable[PersonFacts] = (),
    slips: Iterable[SlipImpact] = (),
    capacity: CapacityTable | None = None,
    history: Iterable[DueChange] = (),
    edges: Iterable[Edge] = (),
    signals: Iterable[NoteSignal] = (),
    labels: Labels | None = None,
) -> list[DerivedRisk]:
    """Every risk the signals support, highest score first; pass only the signals you have.

    A caller that already holds the program's `Labels` passes them instead of `items`,
    `projects` and `people`: their index of items by id is the one the rules read.
    """
    if labels is None:
        labels = Labels.of(items, projects, people)
    items_by_id = labels.items
    found = [
        *risk_rules.slips_into_other_projects(slips, labels),
        *risk_rules.over_capacity_two_weeks_running(capacity, labels),
        *risk_rules.redated_repeatedly(items_by_id, history, labels),
        *risk_rules.blocked_past_need_by(edges, items_by_id, today, labels),
        *risk_rules.mentioned_in_notes(signals, labels),
    ]
    return sorted(found, key=lambda r: (-r.score, r.key))


def rising(risks: Iterable[RiskFacts], now: datetime) -> list[RisingRisk]:
    """Open risks raised in the last week, or scored higher than last time; worst first."""
    found = []
    for risk in risks:
        if risk.status in CLOSED_STATUSES:
            continue
        if now - risk.created_at <= NEW_WITHIN:
            found.append(RisingRisk(risk, "new"))
        elif risk.previous_score is not None and risk.score > risk.previous_score:
            found.append(RisingRisk(risk, "rising"))
    return sorted(found, key=lambda r: (-r.risk.score, r.risk.id))
