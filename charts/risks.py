"""Risk scores now against before: where each risk came from and where it went."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from charts.figures import CALM, MUTED, OVER, clip, figure, svg_of


@dataclass(frozen=True, slots=True)
class ScoreMove:
    title: str
    score: int
    previous: int | None


def risk_scores_svg(moves: Sequence[ScoreMove]) -> str:
    with figure(8.5, 1.0 + 0.3 * max(len(moves), 1), left=3.0, top=0.2) as fig:
        ax = fig.add_subplot()
        ys = list(range(len(moves)))
        ax.barh(
            ys,
            [m.score for m in moves],
            color=[OVER if (m.previous or 0) < m.score else CALM for m in moves],
        )
        for y, m in enumerate(moves):
            if m.previous is not None and m.previous != m.score:
                ax.annotate(
                    "",
                    xy=(m.score, y),
                    xytext=(m.previous, y),
                    arrowprops={"arrowstyle": "->", "color": "black"},
                )
                ax.plot([m.previous], [y], "o", color=MUTED)
        ax.set_yticks(ys, [clip(m.title, 40) for m in moves])
        ax.invert_yaxis()
        ax.set_xlim(0, 25)
        ax.set_xlabel("score = likelihood x impact (grey dot: previous score; red: rising)")
        return svg_of(fig)
