"""Projects' windows over time, and the weeks in which they share people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import matplotlib.dates as mdates

from charts.figures import CALM, MUTED, OVER, clip, figure, svg_of


@dataclass(frozen=True, slots=True)
class Window:
    name: str
    start: date
    end: date
    declared: bool
    """False when the window is only the span of the project's due dates."""
    shared_weeks: Mapping[date, int]
    """Monday -> how many of its people also have work due on another project that week."""


def timeline_svg(windows: Sequence[Window], today: date) -> str:
    with figure(9.5, 1.2 + 0.34 * max(len(windows), 1), top=0.5) as fig:
        ax = fig.add_subplot()
        for y, w in enumerate(windows):
            span = (w.end - w.start).days + 1
            ax.broken_barh(
                [(mdates.date2num(w.start), span)],
                (y - 0.35, 0.7),
                facecolors=CALM if w.declared else "none",
                edgecolors=CALM,
                hatch=None if w.declared else "////",
            )
            for monday, count in w.shared_weeks.items():
                ax.broken_barh(
                    [(mdates.date2num(monday), 7)],
                    (y - 0.35, 0.7),
                    facecolors=OVER,
                    alpha=min(0.35 + 0.15 * count, 0.9),
                )
                ax.text(
                    mdates.date2num(monday + timedelta(days=3.5)),
                    y,
                    str(count),
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=7,
                )
        ax.axvline(mdates.date2num(today), color=MUTED, linestyle="--", linewidth=1)
        ax.set_yticks(range(len(windows)), [clip(w.name, 30) for w in windows])
        ax.invert_yaxis()
        ax.xaxis_date()
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %d"))
        ax.set_title(
            "bars: project windows (hatched: span of due dates); red: weeks with shared people",
            fontsize=8,
            loc="left",
        )
        return svg_of(fig)
