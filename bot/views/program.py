"""A program view as Block Kit: status, risks, dependencies, capacity.

Slash answers, `@Followthrough status` and App Home show these. Each list is packed
into sections and cut to what fits with a count of the rest; lists are ordered so that
what is cut matters least (projects most at risk first, risks by score).
"""

from __future__ import annotations

from typing import Any

from bot.views.blockkit import MESSAGE, Layout, More, context, header, section
from bot.views.mrkdwn import day, escape
from coordination.program_view.view import ProgramView

Answer = tuple[str, list[dict[str, Any]]]
VERDICT_EMOJI = {
    "off track": ":red_circle:",
    "at risk": ":large_yellow_circle:",
    "on track": ":large_green_circle:",
}
SEVERITY = {"off track": 0, "at risk": 1, "on track": 2}


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def summary_line(view: ProgramView) -> str:
    s = view.portfolio.program
    return (
        f"{s.open} open · {s.overdue} overdue · {s.done} done · "
        f"on-time {_percent(s.on_time_rate)} · {s.blocked_dependencies} blocked dependencies"
    )


def project_lines(view: ProgramView) -> list[str]:
    """Most at risk first: off track, at risk, on track; then the most overdue."""
    projects = sorted(
        view.portfolio.projects, key=lambda p: (SEVERITY.get(p.verdict, 0), -p.overdue, p.name)
    )
    return [
        f"{VERDICT_EMOJI.get(p.verdict, ':red_circle:')} *{escape(p.name)}*: {p.open} open, "
        f"{p.overdue} overdue" + (f" ({escape('; '.join(p.reasons))})" if p.reasons else "")
        for p in projects
    ]


def _more(noun: str, rest: str = "") -> More:
    return lambda n: f"…and {n} more {noun}{rest}."


def add_status(layout: Layout, view: ProgramView, *, limit: int = 0) -> None:
    """One program's health into a layout (App Home puts several programs in one)."""
    layout.add(section(f"*{escape(view.name)}*: {summary_line(view)}"))
    lines = project_lines(view) or ["_No projects yet._"]
    layout.lines(lines, more=_more("projects", ", healthier than these"), limit=limit)


def status_answer(view: ProgramView, page_url: str | None = None) -> Answer:
    """`page_url`: the program's dashboard page, linked at the end when it is known."""
    layout = Layout(MESSAGE)
    layout.add(header(f"{view.name} · status"))
    layout.add(context(summary_line(view)))
    lines = project_lines(view) or ["_No projects yet._"]
    layout.lines(
        lines, heading="*Projects, most at risk first*", more=_more("projects", ", healthier")
    )
    if page_url:
        layout.add(context(f"<{page_url}|Open the dashboard> for the pictures."), reserve=0)
    return f"{escape(view.name)}: {summary_line(view)}", layout.build()


def risks_answer(view: ProgramView) -> Answer:
    lines = [
        f"*[{r.score}]* {escape(r.title)}" + (f": {escape(r.explanation)}" if r.explanation else "")
        for r in view.risks
    ]
    layout = Layout(MESSAGE)
    layout.add(header(f"Risks in {view.name}"))
    layout.lines(lines or ["_No risks found._"], more=_more("risks", ", with lower scores"))
    return f"Risks in {escape(view.name)}: {len(view.risks)}", layout.build()


def deps_answer(view: ProgramView) -> Answer:
    blocked = [
        f"{escape(b.downstream)} waits on {escape(b.upstream)}"
        + (f" (needed by {day(b.need_by)})" if b.need_by else "")
        for b in view.blocked
    ]
    slips = [
        f"{escape(view.labels.task(s.item_id))} finishes {day(s.finish)}: {len(s.late)} items late"
        for s in view.slips
    ]
    layout = Layout(MESSAGE)
    layout.add(header(f"Dependencies in {view.name}"))
    layout.lines(
        blocked or ["_Nothing is blocked._"],
        heading="*Blocked*",
        more=_more("blocked dependencies"),
        limit=20,
    )
    if slips:
        layout.lines(slips, heading="*Slips pushing downstream*", more=_more("slips"))
    text = f"Dependencies in {escape(view.name)}: {len(blocked)} blocked, {len(slips)} slipping"
    return text, layout.build()


def capacity_answer(view: ProgramView) -> Answer:
    over = [
        f"*{escape(o.name)}*, week of {day(o.week_start)}: {o.load_days:g}d of "
        f"{o.capacity_days:g}d across {escape(', '.join(o.project_names))}"
        for o in view.over_allocated
    ]
    rows = [
        f"{escape(row.name)}: "
        + ", ".join(f"{w.week_start:%b %d} {w.load_days:g}/{w.capacity_days:g}d" for w in row.weeks)
        for row in view.capacity.rows
    ]
    layout = Layout(MESSAGE)
    layout.add(header(f"Capacity in {view.name}"))
    layout.lines(
        over or ["_Nobody is over capacity._"],
        heading="*Over capacity*",
        more=_more("over-allocations"),
        limit=20,
    )
    if rows:
        layout.lines(rows, heading="*Load per week*", more=_more("people"))
    return f"Capacity in {escape(view.name)}: {len(over)} over-allocated", layout.build()
