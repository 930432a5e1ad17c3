"""The risks page: every open risk with its score, how the score moved, and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from coordination.dashboard.reader import ProgramPage
from coordination.program_view.view import derived_risk_key

Movement = Literal["rising", "falling", "steady", "new"]
CLOSED = ("closed", "resolved")


@dataclass(frozen=True, slots=True)
class RiskEntry:
    title: str
    explanation: str
    score: int
    previous: int | None
    status: str
    in_register: bool
    """False for a risk derived from signals that the next digest will add."""

    @property
    def movement(self) -> Movement:
        if self.previous is None:
            return "new"
        if self.score == self.previous:
            return "steady"
        return "rising" if self.score > self.previous else "falling"


def risk_entries(page: ProgramPage) -> list[RiskEntry]:
    facts = page.facts
    stored = [
        RiskEntry(
            title=r.title,
            explanation=facts.risk_explanations.get(r.id, ""),
            score=r.score,
            previous=r.previous_score,
            status=r.status,
            in_register=True,
        )
        for r in facts.risks
        if r.status not in CLOSED
    ]
    pending = [
        RiskEntry(d.title, d.explanation, d.score, None, "derived", False)
        for d in page.view.derived_risks
        if derived_risk_key(d) not in facts.risk_keys
    ]
    return sorted(stored + pending, key=lambda e: (-e.score, e.title))
