"""The one-line health verdict per project, and the thresholds behind it.

Off track (any of):
  - at least OFF_TRACK_MIN_OVERDUE overdue items that are also OFF_TRACK_OVERDUE_SHARE or
    more of the open items (a minimum count, so 1 of 2 items does not sink a project);
  - the project's end date has passed with work still open;
  - spent more than OFF_TRACK_OVERSPEND times the planned budget.
At risk (any of): an overdue item, a blocked dependency, spending past the plan, or a
median slip of more than AT_RISK_MEDIAN_SLIP_DAYS.
On track otherwise. Contention for people is reported on its own, not folded in here:
at program scale nearly every project shares someone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from coordination.analysis.model import ProjectFacts
from coordination.analysis.stats import Tally

Verdict = Literal["on track", "at risk", "off track"]

OFF_TRACK_MIN_OVERDUE = 3
OFF_TRACK_OVERDUE_SHARE = 0.25
OFF_TRACK_OVERSPEND = 1.10
AT_RISK_MEDIAN_SLIP_DAYS = 7

SEVERITY: dict[Verdict, int] = {"off track": 0, "at risk": 1, "on track": 2}


@dataclass(frozen=True, slots=True)
class Finding:
    text: str
    off_track: bool


def judge(
    project: ProjectFacts, tally: Tally, blocked: int, today: date
) -> tuple[Verdict, tuple[str, ...]]:
    """The verdict and every reason for it, off-track reasons first."""
    candidates = (
        _overdue(tally),
        _blocked(blocked),
        _past_end(project, tally, today),
        _budget(project),
        _slip(tally),
    )
    findings = sorted((f for f in candidates if f is not None), key=lambda f: not f.off_track)
    if not findings:
        return "on track", ()
    verdict: Verdict = "off track" if findings[0].off_track else "at risk"
    return verdict, tuple(f.text for f in findings)


def verdict_line(verdict: Verdict, reasons: tuple[str, ...]) -> str:
    return f"{verdict}: {', '.join(reasons)}" if reasons else verdict


def _overdue(tally: Tally) -> Finding | None:
    if not tally.overdue:
        return None
    share = tally.overdue / tally.open
    if tally.overdue >= OFF_TRACK_MIN_OVERDUE and share >= OFF_TRACK_OVERDUE_SHARE:
        return Finding(f"{tally.overdue} overdue ({share:.0%} of open)", True)
    return Finding(f"{tally.overdue} overdue", False)


def _blocked(blocked: int) -> Finding | None:
    if not blocked:
        return None
    noun = "blocked dependency" if blocked == 1 else "blocked dependencies"
    return Finding(f"{blocked} {noun}", False)


def _past_end(project: ProjectFacts, tally: Tally, today: date) -> Finding | None:
    if project.end is None or project.end >= today or not tally.open:
        return None
    return Finding(f"past end date {project.end} with {tally.open} open", True)


def _budget(project: ProjectFacts) -> Finding | None:
    planned, spent = project.budget_planned, project.budget_spent
    if not planned or spent is None or spent <= planned:
        return None
    ratio = spent / planned
    return Finding(f"over budget by {ratio - 1:.0%}", ratio > OFF_TRACK_OVERSPEND)


def _slip(tally: Tally) -> Finding | None:
    slip = tally.median_slip_days
    if slip is None or slip <= AT_RISK_MEDIAN_SLIP_DAYS:
        return None
    return Finding(f"median slip {slip:g} days", False)
