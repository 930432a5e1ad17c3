"""`followthrough status` as text: the program view, section by section."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from cli.output import LINES_PER_SECTION, print_table
from coordination.analysis import Contention, OverAllocation, Overlap, ProjectHealth, SlipImpact
from coordination.program_view.view import BlockedDependency, ProgramView, RiskLine

T = TypeVar("T")


MORE = "  …and {n} more (--all or --json for every one)"
WEAKER_OVERLAPS = "  …and {n} more pairs sharing fewer people"


@dataclass(frozen=True)
class Section(Generic[T]):
    """A list to print: only the lines shown are formatted, however long the list."""

    title: str
    entries: Sequence[T]
    line: Callable[[T], str]
    total: int | None = None
    """How many there are when `entries` holds only the strongest (overlaps)."""
    more: str = MORE

    def print(self, limit: int | None) -> None:
        if not self.entries:
            return
        print(f"\n{self.title}:")
        for entry in self.entries[:limit]:
            print(f"  - {self.line(entry)}")
        hidden = (len(self.entries) if self.total is None else self.total) - len(
            self.entries[:limit]
        )
        if hidden > 0:
            print(self.more.format(n=hidden))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g}d"


def _budget(spent: float | None, planned: float | None) -> str:
    if planned is None:
        return "-"
    return f"{spent or 0:g} of {planned:g}"


def _this_week(view: ProgramView) -> list[Contention]:
    """This week's people with work due on two or more projects."""
    this_week = min((c.week_start for c in view.portfolio.contended), default=None)
    return [c for c in view.portfolio.contended if c.week_start == this_week]


def _project_row(p: ProjectHealth) -> list[object]:
    return [
        p.name,
        p.open,
        p.overdue,
        p.done,
        _percent(p.on_time_rate),
        _days(p.median_slip_days),
        _budget(p.budget_spent, p.budget_planned),
        p.line,
    ]


def print_program_view(view: ProgramView, *, limit: int | None = LINES_PER_SECTION) -> None:
    """`limit` lines per list (projects too, worst first); None prints every line."""
    summary = view.portfolio.program
    print(f"# {view.name} — {view.today.isoformat()}")
    print(
        f"{summary.open} open, {summary.overdue} overdue, {summary.done} done; "
        f"on-time {_percent(summary.on_time_rate)}, median slip {_days(summary.median_slip_days)}, "
        f"{summary.blocked_dependencies} blocked dependencies"
    )
    projects = view.portfolio.projects
    if projects:
        print()
        print_table(
            ["project", "open", "overdue", "done", "on-time", "slip", "budget", "health"],
            [_project_row(p) for p in projects[:limit]],
        )
        if limit is not None and len(projects) > limit:
            print(MORE.format(n=len(projects) - limit).strip())
    _print_critical_path(view)
    for section in _sections(view):
        section.print(limit)


def _print_critical_path(view: ProgramView) -> None:
    path = view.critical_path
    if len(path.item_ids) > 1:
        chain = " -> ".join(view.labels.task(i) for i in path.item_ids)
        print(
            f"\nCritical path: {len(path.item_ids)} items, {path.total_days:g} days of work, "
            f"finishing {path.implied_finish} (latest due date {path.latest_due}):\n  {chain}"
        )


def _sections(view: ProgramView) -> list[Section]:
    labels = view.labels

    def blocked(b: BlockedDependency) -> str:
        return f"{b.downstream} waits on {b.upstream}" + (
            f" (needed by {b.need_by})" if b.need_by else ""
        )

    def slip(s: SlipImpact) -> str:
        return (
            f"{labels.task(s.item_id)} finishes {s.finish} -> {len(s.late)} items late, "
            f"projects: {', '.join(labels.project(p) for p in s.project_ids)}"
        )

    def over(o: OverAllocation) -> str:
        return (
            f"{o.name}, week of {o.week_start}: {o.load_days:g}d of {o.capacity_days:g}d "
            f"across {', '.join(o.project_names)}"
        )

    def shared(c: Contention) -> str:
        return f"{c.name}: {', '.join(labels.project(p) for p in c.project_ids)}"

    def overlap(o: Overlap) -> str:
        first, second = (labels.project(p) for p in o.project_ids)
        people = labels.person_list(view.portfolio.shared_person_ids(o))
        return f"{first} and {second}, {o.start} to {o.end}, sharing {people}"

    def risk(r: RiskLine) -> str:
        return f"[{r.score}] {r.title} ({r.reason})" + (
            f": {r.explanation}" if r.explanation else ""
        )

    return [
        Section("Blocked dependencies", view.blocked, blocked),
        Section("Slips pushing downstream", view.slips, slip),
        Section("Over capacity", view.over_allocated, over),
        Section("Working on several projects this week", _this_week(view), shared),
        Section(
            "Overlapping timelines",
            view.portfolio.overlaps,
            overlap,
            total=view.portfolio.overlap_count,
            more=WEAKER_OVERLAPS,
        ),
        Section("Risks", view.risks, risk),
    ]
