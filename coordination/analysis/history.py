"""Reading an item's due-date history: how often it moved and by how much.

Slips are measured from recorded changes, never inferred from the current date alone.
Setting a date on an undated item is planning, not a slip, so it does not count as a
re-date; clearing or moving an existing date does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from coordination.analysis.model import DueChange


def due_trails(history: Iterable[DueChange]) -> dict[int, list[DueChange]]:
    """Each item's changes, oldest first."""
    trails: dict[int, list[DueChange]] = defaultdict(list)
    for change in history:
        trails[change.item_id].append(change)
    for trail in trails.values():
        trail.sort(key=lambda c: c.changed_at)
    return trails


def redate_count(trail: Sequence[DueChange]) -> int:
    return sum(1 for c in trail if c.old_due is not None and c.new_due != c.old_due)


def due_sequence(trail: Sequence[DueChange]) -> list[date]:
    """Every date the item has been due on, in order, repeats and gaps dropped."""
    dates: list[date] = []
    for change in trail:
        for due in (change.old_due, change.new_due):
            if due is not None and (not dates or dates[-1] != due):
                dates.append(due)
    return dates


def slip_days(trail: Sequence[DueChange]) -> int | None:
    """Final due minus first due, for items that were re-dated and still have a date."""
    if redate_count(trail) == 0 or trail[-1].new_due is None:
        return None
    return (trail[-1].new_due - due_sequence(trail)[0]).days
