"""Choosing what each chart shows (the busiest rows first) and embedding it in a page.

matplotlib charts go in as `data:` images, so a page is one request and its picture
can never run anything; the dependency graph goes in as inline SVG because its nodes
are links.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from markupsafe import Markup

from charts.capacity import capacity_heatmap_svg
from charts.overview import project_bars_svg
from charts.risks import ScoreMove, risk_scores_svg
from charts.timeline import Window, timeline_svg
from coordination.analysis import PersonLoad
from coordination.dashboard import ProgramPage

CHART_ROWS = 30


def image(svg: str, alt: str) -> Markup:
    data = base64.b64encode(svg.encode()).decode()
    return Markup('<img class="chart" alt="{}" src="data:image/svg+xml;base64,{}">').format(
        alt, data
    )


def overview_chart(page: ProgramPage) -> Markup | None:
    projects = page.view.portfolio.projects[:CHART_ROWS]
    if not projects:
        return None
    return image(
        project_bars_svg(projects), "Open, overdue and done items per project, worst first"
    )


def _peak(row: PersonLoad) -> float:
    return max(
        (w.load_days / w.capacity_days if w.capacity_days else 2.0 for w in row.weeks), default=0.0
    )


def hot_rows(page: ProgramPage, limit: int = CHART_ROWS) -> list[PersonLoad]:
    """People closest to (or past) their capacity first: where the friction is."""
    rows = sorted(page.view.capacity.rows, key=lambda r: (-_peak(r), r.name))
    return [r for r in rows if any(w.load_days for w in r.weeks)][:limit]


def capacity_chart(rows: Sequence[PersonLoad], weeks: Sequence[date]) -> Markup | None:
    if not rows:
        return None
    return image(capacity_heatmap_svg(rows, weeks), "Load per person and week against capacity")


def windows(page: ProgramPage, limit: int = CHART_ROWS) -> list[Window]:
    """Declared windows, else the span of each project's due dates; worst projects first."""
    facts, portfolio = page.facts, page.view.portfolio
    dues: dict[int, list[date]] = defaultdict(list)
    for item in facts.items:
        if item.project_id is not None and item.due is not None and item.status != "cancelled":
            dues[item.project_id].append(item.due)
    shared: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for c in portfolio.contended:
        for project_id in c.project_ids:
            shared[project_id][c.week_start] += 1
    projects = {p.id: p for p in facts.projects}
    found = []
    for health in portfolio.projects:
        p = projects[health.project_id]
        declared = p.start is not None and p.end is not None
        start, end = (p.start, p.end) if declared else _span(dues.get(p.id, []))
        if start and end:
            found.append(Window(p.name, start, end, declared, dict(shared.get(p.id, {}))))
        if len(found) == limit:
            break
    return sorted(found, key=lambda w: (w.start, w.name))


def _span(days: list[date]) -> tuple[date | None, date | None]:
    return (min(days), max(days)) if days else (None, None)


def timeline_chart(found: Sequence[Window], today: date) -> Markup | None:
    if not found:
        return None
    return image(timeline_svg(found, today), "Project windows and the weeks they share people")


def risk_chart(moves: Sequence[ScoreMove]) -> Markup | None:
    if not moves:
        return None
    return image(risk_scores_svg(moves[:20]), "Risk scores now and before")
