"""Which week each open item weighs on, and on whom.

Load lands in the ISO week (Monday start) of the item's due date: that is when the work
has to be done, whatever the item's age. Overdue work is still owed, so it loads the
current week. Undated items have no week and are left out rather than guessed. An item
with several owners splits its estimate evenly, so shared work is not counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from coordination.analysis.table import NONE, OPEN, ItemTable

Bucket = tuple[int, date]
"""(person id, Monday of the week)."""


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def horizon(today: date, weeks: int) -> tuple[date, ...]:
    """Mondays of the current week and the `weeks - 1` after it."""
    first = week_start(today)
    return tuple(first + timedelta(weeks=n) for n in range(weeks))


@dataclass(frozen=True, slots=True, eq=False)
class Workload:
    """Open, dated, owned items grouped by (owner, week) inside the horizon, and each
    group's load. The capacity table, the over-allocations and the contention all read
    this one grouping. Groups are numbered in order of their first item; a group's
    items and projects are sliced from sorted arrays when asked for, since only the
    over-allocated and contended groups are ever shown."""

    loads: dict[Bucket, float]
    """Days of work per group, rounded to hundredths as shown; in order of first item."""
    _groups: dict[Bucket, int]
    _people: np.ndarray
    """The person of each group, by group number."""
    _item_ids: np.ndarray
    """Item ids grouped by group number, by (due, id) within a group."""
    _item_bounds: np.ndarray
    _projects: np.ndarray
    """Distinct project ids grouped by group number, ascending within a group."""
    _project_bounds: np.ndarray

    def item_ids_in(self, bucket: Bucket) -> tuple[int, ...]:
        """The group's items, earliest due first (then by id)."""
        group, bounds = self._groups[bucket], self._item_bounds
        return tuple(self._item_ids[bounds[group] : bounds[group + 1]].tolist())

    def projects_in(self, bucket: Bucket) -> tuple[int, ...]:
        group = self._groups[bucket]
        return self._project_slice(group)

    def contended(self) -> Iterator[tuple[Bucket, tuple[int, ...]]]:
        """Groups whose items belong to two or more projects, with those projects."""
        spread = np.diff(self._project_bounds) >= 2
        for bucket, group in self._groups.items():
            if spread[group]:
                yield bucket, self._project_slice(group)

    def contended_by_project(self) -> defaultdict[int, set[int]]:
        """Project id -> the people with a week in which it competes with another
        project for them (the same groups as `contended`, counted without records)."""
        counts = np.diff(self._project_bounds)
        pair_group = np.repeat(np.arange(counts.size), counts)
        spread = counts[pair_group] >= 2
        project, person = self._projects[spread], self._people[pair_group[spread]]
        width = int(person.max(initial=0)) + 1
        found: defaultdict[int, set[int]] = defaultdict(set)
        for project_id, person_id in zip(
            *map(np.ndarray.tolist, np.divmod(np.unique(project * width + person), width)),
            strict=True,
        ):
            found[project_id].add(person_id)
        return found

    def _project_slice(self, group: int) -> tuple[int, ...]:
        bounds = self._project_bounds
        return tuple(self._projects[bounds[group] : bounds[group + 1]].tolist())


def weekly_workload(table: ItemTable, today: date, weeks: int) -> Workload:
    """Each owner carries an even share of an item's effort (rounded per group to
    hundredths of a day, as shown), summed in item order."""
    first = week_start(today).toordinal()
    item, owner, share = table.pair_item, table.pair_owner, table.pair_share
    due = table.due[item]
    kept = (table.status[item] == OPEN) & (due != NONE) & (due <= first + 7 * weeks - 1)
    item, owner, share, due = item[kept], owner[kept], share[kept], due[kept]
    week = (np.maximum(due, today.toordinal()) - first) // 7
    keys, first_seen, inverse = np.unique(
        owner * weeks + week, return_index=True, return_inverse=True
    )
    rank = np.empty(keys.size, dtype=np.int64)
    rank[np.argsort(first_seen, kind="stable")] = np.arange(keys.size)
    group = rank[inverse]
    ordered_keys = np.empty_like(keys)
    ordered_keys[rank] = keys
    sums = np.bincount(group, weights=share, minlength=keys.size)
    mondays = [date.fromordinal(first + 7 * n) for n in range(weeks)]
    people, week_numbers = np.divmod(ordered_keys, weeks)
    buckets = [
        (person, mondays[w])
        for person, w in zip(people.tolist(), week_numbers.tolist(), strict=True)
    ]
    order = np.lexsort((table.id[item], due, group))
    projects = _distinct_projects(group, table.project[item])
    return Workload(
        loads={b: round(total, 2) for b, total in zip(buckets, sums.tolist(), strict=True)},
        _groups={b: n for n, b in enumerate(buckets)},
        _people=people,
        _item_ids=table.id[item[order]],
        _item_bounds=np.searchsorted(group[order], np.arange(keys.size + 1)),
        _projects=projects[1],
        _project_bounds=np.searchsorted(projects[0], np.arange(keys.size + 1)),
    )


def _distinct_projects(group: np.ndarray, project: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each group's distinct projects as (group numbers, project ids), both sorted by
    group then project; items without a project name none."""
    has = project != NONE
    width = int(project.max(initial=0)) + 1
    pairs = np.unique(group[has] * width + project[has])
    return pairs // width, pairs % width
