"""A program view as Slack text: status, risks, dependencies, capacity."""

from __future__ import annotations

from coordination.program_view import ProgramView

VERDICT_EMOJI = {"on track": ":large_green_circle:", "at risk": ":large_yellow_circle:"}


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _bullets(lines: list[str], empty: str) -> str:
    return "\n".join(f"• {line}" for line in lines) if lines else empty


def status_text(view: ProgramView) -> str:
    summary = view.portfolio.program
    head = (
        f"*{view.name}*: {summary.open} open, {summary.overdue} overdue, {summary.done} done; "
        f"on-time {_percent(summary.on_time_rate)}, "
        f"{summary.blocked_dependencies} blocked dependencies"
    )
    projects = [
        f"{VERDICT_EMOJI.get(p.verdict, ':red_circle:')} *{p.name}*: {p.open} open, "
        f"{p.overdue} overdue" + (f" ({'; '.join(p.reasons)})" if p.reasons else "")
        for p in view.portfolio.projects
    ]
    return head + "\n" + _bullets(projects, "_No projects yet._")


def risks_text(view: ProgramView) -> str:
    lines = [
        f"[{r.score}] {r.title}" + (f": {r.explanation}" if r.explanation else "")
        for r in view.risks
    ]
    return f"*Risks in {view.name}*\n" + _bullets(lines, "_No risks found._")


def deps_text(view: ProgramView) -> str:
    blocked = [
        f"{b.downstream} waits on {b.upstream}" + (f" (needed by {b.need_by})" if b.need_by else "")
        for b in view.blocked
    ]
    slips = [
        f"{view.labels.task(s.item_id)} finishes {s.finish}: {len(s.late)} items late"
        for s in view.slips
    ]
    return (
        f"*Dependencies in {view.name}*\n"
        + _bullets(blocked, "_Nothing is blocked._")
        + ("\n*Slips pushing downstream*\n" + _bullets(slips, "") if slips else "")
    )


def capacity_text(view: ProgramView) -> str:
    over = [
        f"{o.name}, week of {o.week_start}: {o.load_days:g}d of {o.capacity_days:g}d "
        f"across {', '.join(o.project_names)}"
        for o in view.over_allocated
    ]
    rows = [
        f"{row.name}: "
        + ", ".join(f"{w.week_start:%b %d} {w.load_days:g}/{w.capacity_days:g}d" for w in row.weeks)
        for row in view.capacity.rows
    ]
    return (
        f"*Capacity in {view.name}*\n"
        + _bullets(over, "_Nobody is over capacity._")
        + ("\n*Load per week*\n" + _bullets(rows, "") if rows else "")
    )
