"""Which week each open item weighs on, and on whom.

Load lands in the ISO week (Monday start) of the item's due date: that is when the work
has to be done, whatever the item's age. Overdue work is still owed, so it loads the
current week. Undated items have no week and are left out rather than guessed. An item
with several owners splits its estimate evenly, so shared work is not counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from coordination.analysis.model import DEFAULT_ESTIMATE_DAYS, ItemFacts

Bucket = tuple[int, date]
"""(person id, Monday of the week)."""


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def horizon(today: date, weeks: int) -> tuple[date, ...]:
    """Mondays of the current week and the `weeks - 1` after it."""
    first = week_start(today)
    return tuple(first + timedelta(weeks=n) for n in range(weeks))


@dataclass(frozen=True, slots=True)
class Workload:
    """Open, dated, owned items grouped by (owner, week) inside the horizon, and each
    group's load. The capacity table, the over-allocations and the contention all read
    this one grouping; the loads are summed while it fills, not in a second pass."""

    buckets: dict[Bucket, list[ItemFacts]]
    loads: dict[Bucket, float]


def weekly_workload(items: Iterable[ItemFacts], today: date, weeks: int) -> Workload:
    """Each owner carries an even share of an item's effort (rounded per bucket to
    hundredths of a day, as shown)."""
    last_day = week_start(today) + timedelta(weeks=weeks, days=-1)
    monday_of: dict[date, date] = {}
    buckets: dict[Bucket, list[ItemFacts]] = defaultdict(list)
    sums: dict[Bucket, float] = {}
    for item in items:
        due, owners = item.due, item.owner_ids
        if item.status != "open" or due is None or due > last_day or not owners:
            continue
        due = max(due, today)
        week = monday_of.get(due) or monday_of.setdefault(due, week_start(due))
        estimate = item.estimate_days
        share = (DEFAULT_ESTIMATE_DAYS if estimate is None else estimate) / len(owners)
        for person_id in owners:
            key = (person_id, week)
            buckets[key].append(item)
            sums[key] = sums.get(key, 0) + share
    return Workload(buckets, {key: round(total, 2) for key, total in sums.items()})
