"""The person x week heatmap: load against capacity, over-allocated cells marked."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from charts.figures import OVER, clip, figure, svg_of
from coordination.analysis import PersonLoad

LOAD_COLOURS = LinearSegmentedColormap.from_list(
    "load", ["#f7fbff", "#c6dbef", "#fdd49e", "#fc8d59", "#b30000"]
)
RATIO_CEILING = 2.0
"""Twice one's capacity and beyond all look equally bad."""


def _ratios(rows: Sequence[PersonLoad]) -> np.ndarray:
    return np.array(
        [
            [
                min(
                    w.load_days / w.capacity_days if w.capacity_days else RATIO_CEILING,
                    RATIO_CEILING,
                )
                for w in row.weeks
            ]
            for row in rows
        ]
    )


def draw_heatmap(fig: Figure, ax: Axes, rows: Sequence[PersonLoad], weeks: Sequence[date]) -> None:
    """On `ax`: one row per person, one column per week, over-allocated cells boxed."""
    ratios = _ratios(rows)
    image = ax.pcolormesh(
        np.arange(len(weeks) + 1) - 0.5,
        np.arange(len(rows) + 1) - 0.5,
        ratios,
        cmap=LOAD_COLOURS,
        vmin=0,
        vmax=RATIO_CEILING,
    )
    ax.set_xlim(-0.5, len(weeks) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    for y, row in enumerate(rows):
        for x, week in enumerate(row.weeks):
            text = f"{week.load_days:g}/{week.capacity_days:g}"
            if week.over:
                text += " !"
                ax.add_patch(
                    Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, edgecolor=OVER, linewidth=2.5)
                )
            dark = ratios[y, x] > 1.3
            ax.text(
                x,
                y,
                text,
                ha="center",
                va="center",
                color="white" if dark else "black",
                fontweight="bold" if week.over else "normal",
            )
    ax.set_xticks(range(len(weeks)), [f"wk {w:%b %d}" for w in weeks])
    ax.set_yticks(range(len(rows)), [clip(r.name, 28) for r in rows])
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.8, ticks=[0, 0.5, 1, 1.5, 2])
    bar.set_label("load / capacity (boxed: over)")
    bar.ax.set_yticklabels(["0", "½", "full", "1½", "2+"])


def heatmap_size(rows: int) -> tuple[float, float]:
    return 8.5, 1.0 + 0.32 * max(rows, 1)


def capacity_heatmap_svg(rows: Sequence[PersonLoad], weeks: Sequence[date]) -> str:
    with figure(*heatmap_size(len(rows)), right=1.3, bottom=0.45, top=0.2) as fig:
        draw_heatmap(fig, fig.add_subplot(), rows, weeks)
        return svg_of(fig)
