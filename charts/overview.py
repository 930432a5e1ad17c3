"""Projects worst first: overdue, other open and done work as stacked bars."""

from __future__ import annotations

from collections.abc import Sequence

from charts.figures import DONE, MUTED, OVER, clip, figure, svg_of
from coordination.analysis import ProjectHealth

VERDICT_COLOURS = {"off track": OVER, "at risk": "#e08214", "on track": DONE}


def project_bars_svg(projects: Sequence[ProjectHealth]) -> str:
    """Top to bottom in the given order (the view's: worst verdict first)."""
    with figure(8.5, 1.2 + 0.3 * max(len(projects), 1), top=0.4) as fig:
        ax = fig.add_subplot()
        ys = range(len(projects))
        overdue = [p.overdue for p in projects]
        waiting = [p.open - p.overdue for p in projects]
        done = [p.done for p in projects]
        ax.barh(ys, overdue, color=OVER, label="overdue")
        ax.barh(ys, waiting, left=overdue, color="#fdb863", label="open, not overdue")
        ax.barh(
            ys,
            done,
            left=[a + b for a, b in zip(overdue, waiting, strict=True)],
            color=MUTED,
            label="done",
        )
        ax.set_yticks(list(ys), [clip(p.name, 30) for p in projects])
        for label, project in zip(ax.get_yticklabels(), projects, strict=True):
            label.set_color(VERDICT_COLOURS[project.verdict])
        ax.invert_yaxis()
        ax.set_xlabel("items")
        fig.legend(loc="upper right", frameon=False, ncols=3)
        return svg_of(fig)
