"""Where projects compete for the same people: in one week, or across their timelines."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import chain

import numpy as np

from coordination.analysis.model import ProjectFacts
from coordination.analysis.table import NONE, OPEN, ItemTable
from coordination.analysis.workload import Workload


@dataclass(frozen=True, slots=True)
class Contention:
    """One person with open work on two or more projects due in the same week."""

    person_id: int
    name: str
    week_start: date
    project_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two projects whose windows overlap while sharing people (lead or owners).

    Carries the count, not the names: a dense program has thousands of such pairs and the
    digest names people for the few it shows (see `shared_people`).
    """

    project_ids: tuple[int, int]
    start: date
    end: date
    shared_count: int


def contended_people(workload: Workload, names: Mapping[int, str]) -> list[Contention]:
    found = [
        Contention(person_id, names.get(person_id, f"person {person_id}"), week, projects)
        for (person_id, week), projects in workload.contended()
    ]
    return sorted(found, key=lambda c: (c.week_start, c.person_id))


def project_staff(projects: Iterable[ProjectFacts], table: ItemTable) -> dict[int, frozenset[int]]:
    """Who works on each project: its lead and the owners of its open items (their
    distinct (project, owner) pairs found by numpy, then taken a project at a time)."""
    staff: dict[int, set[int]] = {p.id: set() for p in projects}
    for project in projects:
        if project.lead_id is not None:
            staff[project.id].add(project.lead_id)
    item = table.pair_item
    project = table.project[item]
    kept = (table.status[item] == OPEN) & (project != NONE)
    owner = table.pair_owner[kept]
    width = int(owner.max(initial=0)) + 1
    pair_project, pair_owner = np.divmod(np.unique(project[kept] * width + owner), width)
    present, starts = np.unique(pair_project, return_index=True)
    groups = np.split(pair_owner, starts[1:]) if present.size else []
    for project_id, owners in zip(present.tolist(), groups, strict=True):
        if project_id in staff:
            staff[project_id].update(owners.tolist())
    return {pid: frozenset(people) for pid, people in staff.items()}


def shared_people(overlap: Overlap, staff: Mapping[int, frozenset[int]]) -> tuple[int, ...]:
    a, b = overlap.project_ids
    return tuple(sorted(staff[a] & staff[b]))


@dataclass(frozen=True, slots=True)
class Overlaps:
    """The most significant overlaps (most shared people first) and how many there are.

    A dense program has hundreds of thousands of overlapping pairs; nobody reads them
    all, so only the `kept` strongest are built.
    """

    kept: tuple[Overlap, ...]
    total: int


OVERLAPS_KEPT = 100


def overlapping_timelines(
    projects: Iterable[ProjectFacts],
    staff: Mapping[int, frozenset[int]],
    *,
    keep: int | None = OVERLAPS_KEPT,
) -> Overlaps:
    """Project pairs sharing people whose windows overlap, most shared people first.

    Pairs are formed only through the people they share (see `_shared_pairs`), so the
    work grows with each person's projects, not with every pair of projects times
    everyone on staff. The windows are sorted by start, so a pair overlaps when the later
    one starts no later than the earlier one ends. A project without both a start and an
    end has no window, so it overlaps nothing. `keep=None` keeps every overlap.
    """
    windows = sorted(
        (p.start, p.end, p.id)
        for p in projects
        if p.start and p.end and p.start <= p.end and p.id in staff
    )
    if len(windows) < 2:
        return Overlaps((), 0)
    starts = np.array([start.toordinal() for start, _, _ in windows])
    ends = np.array([end.toordinal() for _, end, _ in windows])
    ids = np.array([pid for _, _, pid in windows])
    first, second, count = _shared_pairs([staff[pid] for _, _, pid in windows])
    met = starts[second] <= ends[first]
    first, second, count = first[met], second[met], count[met]
    return Overlaps(_strongest(first, second, count, ids, starts, ends, keep), int(count.size))


def _shared_pairs(staff: list[frozenset[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of rows (first < second) with people in common, and how many.

    Each person's rows, in order, pair every row with each later one: laid out with
    `repeat` and one running offset, without a Python loop over people or pairs. Sorting
    the pairs then counts how many people each pair shares. Indices are 32-bit where
    they fit: a dense program has millions of such pairs, and they set the peak memory.
    """
    sizes = np.fromiter(map(len, staff), dtype=np.int32, count=len(staff))
    rows = np.repeat(np.arange(len(staff), dtype=np.int32), sizes)
    people = np.fromiter(chain.from_iterable(staff), dtype=np.int64, count=int(sizes.sum()))
    order = np.lexsort((rows, people))
    rows, people = rows[order], people[order]
    index = np.arange(people.size, dtype=np.int32)
    later = (np.searchsorted(people, people, side="right") - index - 1).astype(np.int32)
    member = np.repeat(index, later)
    partner = np.arange(member.size, dtype=np.int32)
    partner -= np.repeat(np.cumsum(later, dtype=np.int32) - later, later)
    partner += member + 1
    keys = rows[member].astype(np.int32 if len(staff) ** 2 < 2**31 else np.int64)
    keys *= len(staff)
    keys += rows[partner]
    del member, partner
    keys.sort()
    run_starts = np.flatnonzero(np.diff(keys, prepend=-1))
    counts = np.diff(np.append(run_starts, keys.size))
    first, second = np.divmod(keys[run_starts], len(staff))
    return first, second, counts


def _strongest(
    first: np.ndarray,
    second: np.ndarray,
    count: np.ndarray,
    ids: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    keep: int | None,
) -> tuple[Overlap, ...]:
    """Most shared people first, then by project ids; `second` starts no earlier than
    `first`, so the overlap runs from its start to the earlier end. Only pairs sharing
    at least as many people as the `keep`-th strongest are sorted."""
    if keep is not None and keep < count.size:
        kth = np.partition(count, count.size - keep)[count.size - keep]
        first, second, count = (a[count >= kth] for a in (first, second, count))
    low = np.minimum(ids[first], ids[second])
    high = np.maximum(ids[first], ids[second])
    order = np.lexsort((high, low, -count.astype(np.int64)))[:keep]
    return tuple(
        Overlap(
            (int(low[n]), int(high[n])),
            date.fromordinal(int(starts[second[n]])),
            date.fromordinal(int(min(ends[first[n]], ends[second[n]]))),
            int(count[n]),
        )
        for n in order
    )
