"""One program's state, computed once and shown everywhere: status, digest, App Home.

Built from `ProgramFacts` with the pure analysis; the result is plain data that the
CLI prints and the Slack views render.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

import numpy as np
from sqlmodel import Session

from coordination.analysis import (
    CapacityTable,
    CriticalPath,
    DerivedRisk,
    OverAllocation,
    PortfolioView,
    SlipImpact,
    capacity_and_over_allocation,
    derive_risks,
    portfolio_view,
    rising,
)
from coordination.analysis.dependencies import critical_path_in, slips_in
from coordination.analysis.graph import DependencyGraph, build_graph
from coordination.analysis.labels import Labels
from coordination.analysis.table import NONE, OPEN, ItemsById
from coordination.analysis.workload import weekly_workload
from coordination.dates import local_date
from coordination.gc_pause import gc_paused
from coordination.program_view.facts import ProgramFacts, load_program_facts
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
    """The critical path is walked when first asked for: the status shows it, the
    weekly digest does not."""

    program_id: int
    name: str
    today: date
    portfolio: PortfolioView
    capacity: CapacityTable
    over_allocated: list[OverAllocation]
    work: OpenWork
    slips: list[SlipImpact]
    slip_impacts: dict[int, SlipImpact]
    blocked: list[BlockedDependency]
    risks: list[RiskLine]
    derived_risks: list[DerivedRisk]
    labels: Labels

    @cached_property
    def critical_path(self) -> CriticalPath:
        with gc_paused():
            return critical_path_in(self.work.graph, self.work.items, self.today)


SLIP_LOOKBACK = timedelta(days=7)


@dataclass(frozen=True)
class OpenWork:
    """The open items by id and their dependency graph, built once per view: the slips'
    knock-on and the critical path walk the same graph."""

    items: ItemsById
    graph: DependencyGraph

    @classmethod
    def of(cls, facts: ProgramFacts) -> OpenWork:
        items = facts.items.open_items
        return cls(items, build_graph(items, facts.edges))


def local_today(program: Program, now: datetime) -> date:
    """'Today' is the program's date, not the server's: overdue means overdue where the team is."""
    return local_date(program.timezone, now)


def slipping_item_ids(facts: ProgramFacts, today: date) -> list[int]:
    """Items whose lateness can travel: overdue, or re-dated later this past week,
    and something (an item, or their whole project) waits on them."""
    waited_items = {e.upstream.id for e in facts.edges if e.is_active and e.upstream.kind == "item"}
    waited_projects = {
        e.upstream.id for e in facts.edges if e.is_active and e.upstream.kind == "project"
    }
    since = datetime.combine(today - SLIP_LOOKBACK, datetime.min.time(), tzinfo=UTC)
    moved_later = {
        c.item_id
        for c in facts.history
        if c.changed_at >= since and c.old_due and c.new_due and c.new_due > c.old_due
    }
    table = facts.items
    is_open = table.status == OPEN
    waited = np.isin(table.id, list(waited_items)) | np.isin(table.project, list(waited_projects))
    overdue = is_open & (table.due != NONE) & (table.due < today.toordinal())
    slipping = waited & (overdue | (is_open & np.isin(table.id, list(moved_later))))
    return table.id[slipping].tolist()


def _slip_impacts(
    facts: ProgramFacts, work: OpenWork, today: date, extra_sources: Iterable[int]
) -> dict[int, SlipImpact]:
    """One pass over the graph for every slipping item, plus any the caller asks about."""
    sources = dict.fromkeys([*slipping_item_ids(facts, today), *extra_sources])
    impacts = slips_in(work.graph, work.items, list(sources), today)
    return {impact.item_id: impact for impact in impacts}


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
    """Stored risks that are new or rising, then derived ones not yet in the register."""
    lines = [
        RiskLine(r.risk.title, facts.risk_explanations.get(r.risk.id, ""), r.risk.score, r.reason)
        for r in rising(facts.risks, now)
    ]
    lines += [
        RiskLine(d.title, d.explanation, d.score, "derived")
        for d in derived
        if derived_risk_key(d) not in facts.risk_keys
    ]
    return sorted(lines, key=lambda line: -line.score)


def derived_risk_key(risk: DerivedRisk) -> str:
    return f"derived:{risk.key}"


def build_program_view(
    session: Session, *, program: Program, today: date, now: datetime
) -> ProgramView:
    with gc_paused():
        facts = load_program_facts(session, program=program)
        return program_view_of(facts, today=today, now=now)


def program_view_of(
    facts: ProgramFacts, *, today: date, now: datetime, slip_sources: Iterable[int] = ()
) -> ProgramView:
    """The view from facts already loaded, for callers that need the facts too.

    `slip_sources` adds items whose knock-on the caller wants in `slip_impacts` (the
    digest's re-dated items), computed in the same pass as the view's own slips.
    """
    program = facts.program
    labels = Labels.of(facts.items, facts.projects, facts.people)
    workload = weekly_workload(facts.items, today, WEEKS_AHEAD)
    capacity, over = capacity_and_over_allocation(
        facts.items, facts.people, facts.projects, today, WEEKS_AHEAD, workload=workload
    )
    work = OpenWork.of(facts)
    impacts = _slip_impacts(facts, work, today, slip_sources)
    slips = [impact for impact in impacts.values() if impact.late]
    derived = derive_risks(
        today=today,
        labels=labels,
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
            facts.projects,
            facts.items,
            facts.edges,
            facts.history,
            facts.people,
            today,
            weeks=WEEKS_AHEAD,
            workload=workload,
        ),
        capacity=capacity,
        over_allocated=over,
        work=work,
        slips=slips,
        slip_impacts=impacts,
        blocked=_blocked(facts, labels),
        risks=_risk_lines(facts, derived, now),
        derived_risks=derived,
        labels=labels,
    )
