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


def load_week(item: ItemFacts, today: date) -> date | None:
    if not item.is_open or item.due is None:
        return None
    return week_start(max(item.due, today))


def weekly_assignments(
    items: Iterable[ItemFacts], today: date, weeks: int
) -> dict[Bucket, list[ItemFacts]]:
    """Open, dated, owned items grouped by (owner, week) inside the horizon."""
    last = week_start(today) + timedelta(weeks=weeks - 1)
    buckets: dict[Bucket, list[ItemFacts]] = defaultdict(list)
    for item in items:
        week = load_week(item, today)
        if week is None or week > last:
            continue
        for person_id in item.owner_ids:
            buckets[person_id, week].append(item)
    return buckets


def share_days(item: ItemFacts) -> float:
    """One owner's part of the item's effort."""
    return item.effort_days / len(item.owner_ids) if item.owner_ids else item.effort_days


def bucket_load(items: Iterable[ItemFacts]) -> float:
    return round(sum(share_days(item) for item in items), 2)
