"""Which week each open item weighs on, and on whom.

Load lands in the ISO week (Monday start) of the item's due date: that is when the work
has to be done, whatever the item's age. Overdue work is still owed, so it loads the
current week. Undated items have no week and are left out rather than guessed. An item
with several owners splits its estimate evenly, so shared work is not counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from coordination.analysis.model import ItemFacts

Bucket = tuple[int, date]
"""(person id, Monday of the week)."""


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def horizon(today: date, weeks: int) -> tuple[date, ...]:
    """Mondays of the current week and the `weeks - 1` after it."""
    first = week_start(today)
    return tuple(first + timedelta(weeks=n) for n in range(weeks))


def weekly_assignments(
    items: Iterable[ItemFacts], today: date, weeks: int
) -> dict[Bucket, list[ItemFacts]]:
    """Open, dated, owned items grouped by (owner, week) inside the horizon."""
    last_day = week_start(today) + timedelta(weeks=weeks, days=-1)
    monday_of: dict[date, date] = {}
    buckets: dict[Bucket, list[ItemFacts]] = defaultdict(list)
    for item in items:
        due = item.due
        if item.status != "open" or due is None or due > last_day or not item.owner_ids:
            continue
        due = max(due, today)
        week = monday_of.get(due) or monday_of.setdefault(due, week_start(due))
        for person_id in item.owner_ids:
            buckets[person_id, week].append(item)
    return buckets


def bucket_load(items: Iterable[ItemFacts]) -> float:
    """Each owner carries an even share of the item's effort."""
    return round(sum(item.effort_days / len(item.owner_ids) for item in items), 2)
