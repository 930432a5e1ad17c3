"""One program's state, computed once and shown everywhere: status, digest, App Home.

Built from `ProgramFacts` with the pure analysis; the result is plain data that the
CLI prints and the Slack views render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from coordination.analysis.capacity import (
    CapacityTable,
    OverAllocation,
    capacity_table,
    over_allocated,
)
from coordination.analysis.dependencies import (
    CriticalPath,
    SlipImpact,
    critical_path,
    propagate_slip,
)
from coordination.analysis.labels import Labels
from coordination.analysis.portfolio import PortfolioView, portfolio_view
from coordination.analysis.risk_rules import DerivedRisk
from coordination.analysis.risks import derive_risks, rising
from coordination.program_facts import ProgramFacts, load_program_facts
from storage.models import Program

WEEKS_AHEAD = 6


@dataclass(frozen=True)
class BlockedDependency:
    upstream: str
    downstream: str
    need_by: date | None


@dataclass(frozen=True)
class RiskLine:
    title: str
    explanation: str
    score: int
    reason: str  # new | rising | open | derived


@dataclass(frozen=True)
class ProgramView:
    program_id: int
    name: str
    today: date
    portfolio: PortfolioView
    capacity: CapacityTable
    over_allocated: list[OverAllocation]
    critical_path: CriticalPath
    slips: list[SlipImpact]
    blocked: list[BlockedDependency]
    risks: list[RiskLine]
    derived_risks: list[DerivedRisk]
    labels: Labels


def _slips(facts: ProgramFacts, today: date) -> list[SlipImpact]:
    """Knock-on of every overdue item that something waits on."""
    upstream_items = {
        e.upstream.id for e in facts.edges if e.upstream.kind == "item" and e.is_active
    }
    sources = [i.id for i in facts.items if i.id in upstream_items and i.is_overdue(today)]
    impacts = [propagate_slip(facts.items, facts.edges, item_id, today) for item_id in sources]
    return [s for s in impacts if s.late]


def _node_label(kind: str, node_id: int, labels: Labels) -> str:
    return labels.task(node_id) if kind == "item" else labels.project(node_id)


def _blocked(facts: ProgramFacts, labels: Labels) -> list[BlockedDependency]:
    return [
        BlockedDependency(
            upstream=_node_label(*edge.upstream, labels),
            downstream=_node_label(*edge.downstream, labels),
            need_by=edge.need_by,
        )
        for edge in facts.edges
        if edge.status == "blocked"
    ]


def _risk_lines(facts: ProgramFacts, derived: list[DerivedRisk], now: datetime) -> list[RiskLine]:
    stored = {r.id: r for r in facts.risks}
    lines = [
        RiskLine(r.risk.title, "", r.risk.score, r.reason) for r in rising(stored.values(), now)
    ]
    shown = {line.title for line in lines}
    lines += [
        RiskLine(d.title, d.explanation, d.score, "derived")
        for d in derived
        if d.title not in shown
    ]
    return sorted(lines, key=lambda line: -line.score)


def build_program_view(
    session: Session, *, program: Program, today: date, now: datetime
) -> ProgramView:
    facts = load_program_facts(session, program=program)
    labels = Labels.of(facts.items, facts.projects, facts.people)
    capacity = capacity_table(facts.items, facts.people, today, WEEKS_AHEAD)
    slips = _slips(facts, today)
    derived = derive_risks(
        today=today,
        items=facts.items,
        projects=facts.projects,
        people=facts.people,
        slips=slips,
        capacity=capacity,
        history=facts.history,
        edges=facts.edges,
    )
    return ProgramView(
        program_id=program.id,
        name=program.name,
        today=today,
        portfolio=portfolio_view(
            facts.projects, facts.items, facts.edges, facts.history, facts.people, today
        ),
        capacity=capacity,
        over_allocated=over_allocated(
            facts.items, facts.people, facts.projects, today, WEEKS_AHEAD
        ),
        critical_path=critical_path(facts.items, facts.edges, today),
        slips=slips,
        blocked=_blocked(facts, labels),
        risks=_risk_lines(facts, derived, now),
        derived_risks=derived,
        labels=labels,
    )
