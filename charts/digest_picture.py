"""The weekly digest's picture: who is over capacity and which slips push other projects.

One PNG (Slack shows PNGs inline) with two panels: the capacity heatmap for the weeks
the digest covers, limited to the people over capacity, and this period's slipped
dates as bars, each labelled with what it now makes late elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from charts.capacity import draw_heatmap
from charts.figures import OVER, clip, figure, png_of
from coordination.analysis import PersonLoad
from coordination.digest.assemble import CAPACITY_WEEKS_SHOWN
from coordination.digest.model import Digest, SlipLine
from coordination.program_view.view import ProgramView

MOST_PEOPLE, MOST_SLIPS = 12, 8
PANEL_WIDTH = 8.0


def _over_rows(view: ProgramView) -> list[PersonLoad]:
    until = view.today + timedelta(weeks=CAPACITY_WEEKS_SHOWN)
    over = {o.person_id for o in view.over_allocated if o.week_start < until}
    rows = [r for r in view.capacity.rows if r.person_id in over]
    rows.sort(key=lambda r: -max(w.load_days - w.capacity_days for w in r.weeks))
    return [
        PersonLoad(r.person_id, r.name, r.weeks[:CAPACITY_WEEKS_SHOWN]) for r in rows[:MOST_PEOPLE]
    ]


def _draw_slips(ax: Axes, slips: Sequence[SlipLine]) -> None:
    ys = list(range(len(slips)))
    ax.barh(ys, [s.days for s in slips], color=OVER)
    for y, slip in enumerate(slips):
        knock = f"  → {clip(slip.knock_on[0], 40)}" if slip.knock_on else ""
        if len(slip.knock_on) > 1:
            knock += f" +{len(slip.knock_on) - 1} more"
        ax.text(slip.days, y, f" +{slip.days}d{knock}", va="center", fontsize=8)
    labels = [clip(f"{s.item.task} ({s.item.project or 'no project'})", 44) for s in slips]
    ax.set_yticks(ys, labels)
    ax.invert_yaxis()
    ax.set_xlabel("days the due date moved")
    ax.set_xlim(0, max(s.days for s in slips) * 2.4)
    ax.set_title("Dates that slipped, and what waits on them", loc="left", fontsize=10)


def _panel(fig: Figure, left: float, width: float, height: float, *, label_room: float) -> Axes:
    """An axes in its own PANEL_WIDTH-inch column, with room for its row labels."""
    return fig.add_axes(
        (
            (left + label_room) / width,
            0.6 / height,
            (PANEL_WIDTH - label_room - 0.4) / width,
            (height - 1.3) / height,
        )
    )


def digest_picture_png(digest: Digest, view: ProgramView) -> bytes | None:
    """None when nothing crosses projects this week: no picture is better than an empty one."""
    rows, slips = _over_rows(view), list(digest.slipped[:MOST_SLIPS])
    if not rows and not slips:
        return None
    height = max(3.0, 1.4 + 0.34 * max(len(rows), len(slips)))
    width = PANEL_WIDTH * (bool(rows) + bool(slips))
    with figure(width, height, left=0, right=0, top=0, bottom=0) as fig:
        left = 0.0
        if rows:
            ax = _panel(fig, left, width, height, label_room=2.0)
            draw_heatmap(fig, ax, rows, view.capacity.weeks[:CAPACITY_WEEKS_SHOWN])
            ax.set_title("Over capacity (boxed), this week and next", loc="left", fontsize=10)
            left += PANEL_WIDTH
        if slips:
            _draw_slips(_panel(fig, left, width, height, label_room=3.3), slips)
        fig.suptitle(f"{digest.program} · {digest.week}: friction between projects", fontsize=11)
        return png_of(fig)
