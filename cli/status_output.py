"""`followthrough status` as text: the program view, section by section."""

from __future__ import annotations

from cli.output import print_table
from coordination.program_view import ProgramView

LINES_PER_SECTION = 15
"""A program of thousands of items still prints a status one can read."""


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g}d"


def _budget(spent: float | None, planned: float | None) -> str:
    if planned is None:
        return "-"
    return f"{spent or 0:g} of {planned:g}"


def _shared_people(view: ProgramView) -> list[str]:
    """This week's people with work due on two or more projects."""
    this_week = min((c.week_start for c in view.portfolio.contended), default=None)
    return [
        f"{c.name}: {', '.join(view.labels.project(p) for p in c.project_ids)}"
        for c in view.portfolio.contended
        if c.week_start == this_week
    ]


def _overlaps(view: ProgramView) -> list[str]:
    lines = []
    for overlap in view.portfolio.overlaps:
        first, second = (view.labels.project(p) for p in overlap.project_ids)
        people = view.labels.person_list(view.portfolio.shared_person_ids(overlap))
        lines.append(f"{first} and {second}, {overlap.start} to {overlap.end}, sharing {people}")
    return lines


def print_program_view(view: ProgramView) -> None:
    summary = view.portfolio.program
    print(f"# {view.name} — {view.today.isoformat()}")
    print(
        f"{summary.open} open, {summary.overdue} overdue, {summary.done} done; "
        f"on-time {_percent(summary.on_time_rate)}, median slip {_days(summary.median_slip_days)}, "
        f"{summary.blocked_dependencies} blocked dependencies"
    )
    if view.portfolio.projects:
        print()
        print_table(
            ["project", "open", "overdue", "done", "on-time", "slip", "budget", "health"],
            [
                [
                    p.name,
                    p.open,
                    p.overdue,
                    p.done,
                    _percent(p.on_time_rate),
                    _days(p.median_slip_days),
                    _budget(p.budget_spent, p.budget_planned),
                    p.line,
                ]
                for p in view.portfolio.projects
            ],
        )
    _print_friction(view)


def _print_friction(view: ProgramView) -> None:
    path = view.critical_path
    if len(path.item_ids) > 1:
        chain = " -> ".join(view.labels.task(i) for i in path.item_ids)
        print(
            f"\nCritical path: {len(path.item_ids)} items, {path.total_days:g} days of work, "
            f"finishing {path.implied_finish} (latest due date {path.latest_due}):\n  {chain}"
        )
    sections: list[tuple[str, list[str]]] = [
        (
            "Blocked dependencies",
            [
                f"{b.downstream} waits on {b.upstream}"
                + (f" (needed by {b.need_by})" if b.need_by else "")
                for b in view.blocked
            ],
        ),
        (
            "Slips pushing downstream",
            [
                f"{view.labels.task(s.item_id)} finishes {s.finish} -> {len(s.late)} items late, "
                f"projects: {', '.join(view.labels.project(p) for p in s.project_ids)}"
                for s in view.slips
            ],
        ),
        (
            "Over capacity",
            [
                f"{o.name}, week of {o.week_start}: {o.load_days:g}d of {o.capacity_days:g}d "
                f"across {', '.join(o.project_names)}"
                for o in view.over_allocated
            ],
        ),
        ("Working on several projects this week", _shared_people(view)),
        ("Overlapping timelines", _overlaps(view)),
        (
            "Risks",
            [
                f"[{r.score}] {r.title} ({r.reason})"
                + (f": {r.explanation}" if r.explanation else "")
                for r in view.risks
            ],
        ),
    ]
    for title, lines in sections:
        if lines:
            print(f"\n{title}:")
            for line in lines[:LINES_PER_SECTION]:
                print(f"  - {line}")
            if len(lines) > LINES_PER_SECTION:
                print(f"  …and {len(lines) - LINES_PER_SECTION} more")
