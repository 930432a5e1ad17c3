"""The program at a glance: per-project counts, rates, slips, contention and a verdict."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from coordination.analysis.contention import (
    Contention,
    Overlap,
    Overlaps,
    contended_people,
    overlapping_timelines,
    project_staff,
    shared_people,
)
from coordination.analysis.graph import project_of
from coordination.analysis.health import SEVERITY, Verdict, judge, verdict_line
from coordination.analysis.history import due_trails, slip_days
from coordination.analysis.model import DueChange, Edge, ItemFacts, PersonFacts, ProjectFacts
from coordination.analysis.stats import Tally
from coordination.analysis.table import ItemTable, as_table
from coordination.analysis.workload import Workload, weekly_workload
from coordination.gc_pause import gc_paused


@dataclass(frozen=True, slots=True)
class ProjectHealth:
    project_id: int
    name: str
    open: int
    overdue: int
    done: int
    on_time_rate: float | None
    median_slip_days: float | None
    blocked_dependencies: int
    contended_person_ids: tuple[int, ...]
    budget_planned: float | None
    budget_spent: float | None
    verdict: Verdict
    reasons: tuple[str, ...]

    @property
    def line(self) -> str:
        """E.g. 'at risk: 3 overdue, 1 blocked dependency'."""
        return verdict_line(self.verdict, self.reasons)


@dataclass(frozen=True, slots=True)
class ProgramSummary:
    open: int
    overdue: int
    done: int
    on_time_rate: float | None
    median_slip_days: float | None
    blocked_dependencies: int
    budget_planned: float | None
    budget_spent: float | None
    verdicts: Mapping[Verdict, int]


@dataclass(frozen=True, eq=False)
class PortfolioView:
    """The contentions, the overlaps and the staff they are read from are worked out
    when first asked for (the status shows them, the weekly digest does not), with the
    collector paused as for the rest of the analysis."""

    projects: tuple[ProjectHealth, ...]
    """Worst verdict first, then by name."""
    program: ProgramSummary
    _project_facts: tuple[ProjectFacts, ...]
    _table: ItemTable
    _workload: Workload
    _names: Mapping[int, str]

    @cached_property
    def contended(self) -> tuple[Contention, ...]:
        """Each person with a week shared between projects, by week then person."""
        with gc_paused():
            return tuple(contended_people(self._workload, self._names))

    @cached_property
    def staff(self) -> Mapping[int, frozenset[int]]:
        """Project id -> its lead and open-item owners."""
        with gc_paused():
            return project_staff(self._project_facts, self._table)

    @cached_property
    def _overlaps(self) -> Overlaps:
        with gc_paused():
            return overlapping_timelines(self._project_facts, self.staff)

    @property
    def overlaps(self) -> tuple[Overlap, ...]:
        """The strongest overlaps (most shared people first), at most `OVERLAPS_KEPT`."""
        return self._overlaps.kept

    @property
    def overlap_count(self) -> int:
        """Every overlapping pair that shares people, shown or not."""
        return self._overlaps.total

    def shared_person_ids(self, overlap: Overlap) -> tuple[int, ...]:
        return shared_people(overlap, self.staff)


def portfolio_view(
    projects: Iterable[ProjectFacts],
    items: ItemTable | Iterable[ItemFacts],
    edges: Iterable[Edge],
    history: Iterable[DueChange],
    people: Iterable[PersonFacts],
    today: date,
    *,
    weeks: int = 6,
    workload: Workload | None = None,
) -> PortfolioView:
    """Everything the digest and status command show, from one pass over each input;
    pass the `workload` when the caller has already grouped it."""
    projects, table = list(projects), as_table(items)
    workload = weekly_workload(table, today, weeks) if workload is None else workload
    items_by_id = table.by_id
    program, tallies = _tallies(table, items_by_id, history, today)
    blocked = _blocked_by_project(edges, items_by_id)
    contended_by_project = workload.contended_by_project()
    healths = [
        _health(p, tallies[p.id], blocked[p.id], contended_by_project[p.id], today)
        for p in projects
    ]
    healths.sort(key=lambda h: (SEVERITY[h.verdict], h.name, h.project_id))
    summary = _summary(program, sum(blocked.values()), projects, healths)
    names = {p.id: p.name for p in people}
    return PortfolioView(tuple(healths), summary, tuple(projects), table, workload, names)


def _tallies(
    table: ItemTable,
    items_by_id: Mapping[int, ItemFacts],
    history: Iterable[DueChange],
    today: date,
) -> tuple[Tally, defaultdict[int | None, Tally]]:
    per_project = Tally.per_project(table, today)
    for item_id, trail in due_trails(history).items():
        slip = slip_days(trail)
        item = items_by_id.get(item_id) if slip is not None else None
        if item is not None and item.status != "cancelled":
            per_project[item.project_id].slips.append(slip)
    return Tally.total(per_project.values()), per_project


def _blocked_by_project(
    edges: Iterable[Edge], items_by_id: Mapping[int, ItemFacts]
) -> Counter[int | None]:
    """Blocked edges counted against the project doing the waiting (the downstream one)."""
    counts: Counter[int | None] = Counter()
    for edge in edges:
        if edge.status == "blocked":
            counts[project_of(edge.downstream, items_by_id)] += 1
    return counts


def _health(
    project: ProjectFacts, tally: Tally, blocked: int, contended: set[int], today: date
) -> ProjectHealth:
    verdict, reasons = judge(project, tally, blocked, today)
    return ProjectHealth(
        project_id=project.id,
        name=project.name,
        open=tally.open,
        overdue=tally.overdue,
        done=tally.done,
        on_time_rate=tally.on_time_rate,
        median_slip_days=tally.median_slip_days,
        blocked_dependencies=blocked,
        contended_person_ids=tuple(sorted(contended)),
        budget_planned=project.budget_planned,
        budget_spent=project.budget_spent,
        verdict=verdict,
        reasons=reasons,
    )


def _summary(
    tally: Tally, blocked: int, projects: list[ProjectFacts], healths: list[ProjectHealth]
) -> ProgramSummary:
    planned = [p.budget_planned for p in projects if p.budget_planned is not None]
    spent = [p.budget_spent for p in projects if p.budget_spent is not None]
    verdicts = Counter(h.verdict for h in healths)
    return ProgramSummary(
        open=tally.open,
        overdue=tally.overdue,
        done=tally.done,
        on_time_rate=tally.on_time_rate,
        median_slip_days=tally.median_slip_days,
        blocked_dependencies=blocked,
        budget_planned=sum(planned) if planned else None,
        budget_spent=sum(spent) if spent else None,
        verdicts={v: verdicts[v] for v in SEVERITY},
    )
