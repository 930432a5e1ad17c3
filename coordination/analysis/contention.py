"""Where projects compete for the same people: in one week, or across their timelines."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations

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


def overlapping_timelines(
    projects: Iterable[ProjectFacts], staff: Mapping[int, frozenset[int]]
) -> list[Overlap]:
    """Project pairs sharing people whose windows overlap, most shared people first.

    Only pairs that share a person are ever formed (counted per person, in C via Counter),
    never every pair of projects. A project without both a start and an end has no
    window, so it overlaps nothing.
    """
    windows = {p.id: (p.start, p.end) for p in projects if p.start and p.end and p.id in staff}
    shared: Counter[tuple[int, int]] = Counter()
    for project_ids in _projects_by_person({p: staff[p] for p in windows}).values():
        shared.update(combinations(sorted(project_ids), 2))
    found = []
    for (a, b), count in shared.items():
        start, end = max(windows[a][0], windows[b][0]), min(windows[a][1], windows[b][1])
        if start <= end:
            found.append(Overlap((a, b), start, end, count))
    return sorted(found, key=lambda o: (-o.shared_count, o.project_ids))


def _projects_by_person(staff: Mapping[int, frozenset[int]]) -> dict[int, list[int]]:
    by_person: dict[int, list[int]] = defaultdict(list)
    for project_id, people in staff.items():
        for person_id in people:
            by_person[person_id].append(project_id)
    return by_person
