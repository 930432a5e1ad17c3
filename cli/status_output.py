"""`followthrough status` as text: the program view, section by section."""

from __future__ import annotations

from cli.output import print_table
from coordination.program_view import ProgramView


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:g}d"


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
            ["project", "open", "overdue", "done", "on-time", "slip", "health"],
            [
                [
                    p.name,
                    p.open,
                    p.overdue,
                    p.done,
                    _percent(p.on_time_rate),
                    _days(p.median_slip_days),
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
            for line in lines:
                print(f"  - {line}")
