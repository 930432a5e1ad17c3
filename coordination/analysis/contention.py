"""Where projects compete for the same people: in one week, or across their timelines."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from coordination.analysis.model import ItemFacts, ProjectFacts
from coordination.analysis.workload import Bucket, weekly_assignments


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


def contended_people(
    items: Iterable[ItemFacts],
    names: Mapping[int, str],
    today: date,
    weeks: int,
    *,
    assignments: Mapping[Bucket, list[ItemFacts]] | None = None,
) -> list[Contention]:
    buckets = weekly_assignments(items, today, weeks) if assignments is None else assignments
    found = []
    for (person_id, week), bucket in buckets.items():
        projects = {i.project_id for i in bucket if i.project_id is not None}
        if len(projects) >= 2:
            name = names.get(person_id, f"person {person_id}")
            found.append(Contention(person_id, name, week, tuple(sorted(projects))))
    return sorted(found, key=lambda c: (c.week_start, c.person_id))


def project_staff(
    projects: Iterable[ProjectFacts], items: Iterable[ItemFacts]
) -> dict[int, frozenset[int]]:
    """Who works on each project: its lead and the owners of its open items."""
    staff: dict[int, set[int]] = {p.id: set() for p in projects}
    for project in projects:
        if project.lead_id is not None:
            staff[project.id].add(project.lead_id)
    for item in items:
        if item.is_open and item.project_id in staff:
            staff[item.project_id].update(item.owner_ids)
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

    A sweep over the windows sorted by start: each window meets only those still open
    when it starts (a heap ordered by end drops the finished ones), so pairs that cannot
    overlap are never formed. Shared people are counted as the popcount of two staff
    bitmasks. A project without both a start and an end has no window, so it overlaps
    nothing. `keep=None` keeps every overlap.
    """
    windows = sorted(
        (p.start, p.end, p.id)
        for p in projects
        if p.start and p.end and p.start <= p.end and p.id in staff
    )
    masks = _staff_masks({pid: staff[pid] for _, _, pid in windows})
    strongest: list[tuple[int, int, int, date, date]] = []
    """A min-heap of (shared, -first id, -second id, start, end): its root is the
    weakest overlap kept, the first to go when a stronger one turns up."""
    open_windows: list[tuple[date, int]] = []
    total = 0
    for start, end, pid in windows:
        while open_windows and open_windows[0][0] < start:
            heapq.heappop(open_windows)
        mask = masks[pid]
        for other_end, other in open_windows:
            shared = (mask & masks[other]).bit_count()
            if not shared:
                continue
            total += 1
            first, second = (other, pid) if other < pid else (pid, other)
            entry = (shared, -first, -second, start, min(end, other_end))
            if keep is None or len(strongest) < keep:
                heapq.heappush(strongest, entry)
            elif entry > strongest[0]:
                heapq.heapreplace(strongest, entry)
        heapq.heappush(open_windows, (end, pid))
    kept = sorted(strongest, reverse=True)
    overlaps = tuple(Overlap((-a, -b), s, e, n) for n, a, b, s, e in kept)
    return Overlaps(overlaps, total)


def _staff_masks(staff: Mapping[int, frozenset[int]]) -> dict[int, int]:
    """Each project's people as the bits of one int, so a pair's shared people are one
    AND and a popcount rather than a set intersection."""
    bit_of: dict[int, int] = {}
    masks = {}
    for project_id, people in staff.items():
        bits = bytearray((len(bit_of) + len(people)) // 8 + 1)
        for person_id in people:
            bit = bit_of.setdefault(person_id, len(bit_of))
            bits[bit >> 3] |= 1 << (bit & 7)
        masks[project_id] = int.from_bytes(bits, "little")
    return masks
