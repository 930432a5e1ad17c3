"""Counting items the way the portfolio reports them, in one pass per scope."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from coordination.analysis.model import ItemFacts


@dataclass(slots=True)
class Tally:
    """Running counts for one project or the whole program; fed item by item."""

    open: int = 0
    overdue: int = 0
    done: int = 0
    done_with_due: int = 0
    done_on_time: int = 0
    slips: list[int] = field(default_factory=list)

    def add(self, item: ItemFacts, today: date) -> None:
        """Cancelled work neither succeeds nor fails, so it is not counted at all."""
        status, due = item.status, item.due
        if status == "open":
            self.open += 1
            self.overdue += due is not None and due < today  # ItemFacts.is_overdue, inlined
        elif status == "done":
            self.done += 1
            if due is not None:
                self.done_with_due += 1
                finished = item.completed_at.date() if item.completed_at else None
                self.done_on_time += finished is not None and finished <= due

    @classmethod
    def total(cls, tallies: Iterable[Tally]) -> Tally:
        whole = cls()
        for t in tallies:
            whole.open += t.open
            whole.overdue += t.overdue
            whole.done += t.done
            whole.done_with_due += t.done_with_due
            whole.done_on_time += t.done_on_time
            whole.slips.extend(t.slips)
        return whole

    @property
    def on_time_rate(self) -> float | None:
        """Done on or before the (current) due date, among done items that had one."""
        return self.done_on_time / self.done_with_due if self.done_with_due else None

    @property
    def median_slip_days(self) -> float | None:
        return statistics.median(self.slips) if self.slips else None
