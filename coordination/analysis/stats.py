"""Counting items the way the portfolio reports them, in one pass per scope."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from coordination.analysis.table import DONE, NONE, OPEN, ItemTable


@dataclass(slots=True)
class Tally:
    """Running counts for one project or the whole program; fed item by item."""

    open: int = 0
    overdue: int = 0
    done: int = 0
    done_with_due: int = 0
    done_on_time: int = 0
    slips: list[int] = field(default_factory=list)

    @classmethod
    def per_project(cls, table: ItemTable, today: date) -> defaultdict[int | None, Tally]:
        """Counted where each item belongs, as array sums per project rather than a
        Python step per item. Cancelled work neither succeeds nor fails, so it is not
        counted at all."""
        status, due, project = table.status, table.due, table.project
        is_open, is_done, dated = status == OPEN, status == DONE, due != NONE
        counted = is_open | is_done
        keys, at = np.unique(project[counted], return_inverse=True)
        done_with_due = is_done & dated
        on_time = done_with_due & (table.finished != NONE) & (table.finished <= due)
        counts = {
            name: np.bincount(at, weights=mask[counted], minlength=keys.size).astype(int).tolist()
            for name, mask in (
                ("open", is_open),
                ("overdue", is_open & dated & (due < today.toordinal())),
                ("done", is_done),
                ("done_with_due", done_with_due),
                ("done_on_time", on_time),
            )
        }
        tallies: defaultdict[int | None, Tally] = defaultdict(cls)
        for n, project_id in enumerate(keys.tolist()):
            tallies[None if project_id == NONE else project_id] = cls(
                **{name: values[n] for name, values in counts.items()}
            )
        return tallies

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
