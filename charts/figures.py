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
def figure(width: float, height: float) -> Iterator[Figure]:
    """A figure (inches) under the house style, built and rendered under the lock."""
    with RENDER_LOCK, matplotlib.rc_context(STYLE):
        yield Figure(figsize=(width, height), layout="constrained")


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
