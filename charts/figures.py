"""Making and serialising matplotlib figures safely from a threaded server.

pyplot keeps global state and is not thread-safe, so figures are built from
`matplotlib.figure.Figure` directly and rendering is serialised by one lock. SVG keeps
text as text (`svg.fonttype: none`): smaller files, selectable labels, no glyph paths.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib
from matplotlib.figure import Figure

RENDER_LOCK = threading.Lock()
STYLE = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
OVER = "#b2182b"
WARN = "#ef8a62"
CALM = "#67a9cf"
DONE = "#1b7837"
MUTED = "#bbbbbb"


@contextmanager
def figure(
    width: float,
    height: float,
    *,
    left: float = 2.3,
    right: float = 0.3,
    top: float = 0.45,
    bottom: float = 0.55,
) -> Iterator[Figure]:
    """A figure under the house style, built and rendered under the lock.

    Sizes and margins are inches. Margins are fixed rather than computed by a layout
    engine: labels are clipped to a known width, and measuring every text to place it
    costs more than drawing the chart.
    """
    with RENDER_LOCK, matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height))
        fig.subplots_adjust(
            left=left / width,
            right=1 - right / width,
            top=1 - top / height,
            bottom=bottom / height,
            wspace=0.9,
        )
        yield fig


def svg_of(fig: Figure) -> str:
    out = io.StringIO()
    fig.savefig(out, format="svg")
    return out.getvalue()


def png_of(fig: Figure, dpi: int = 110) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
