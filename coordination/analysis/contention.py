"""Where projects compete for the same people: in one week, or across their timelines."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from coordination.analysis.model import ItemFacts, ProjectFacts
from coordination.analysis.workload import weekly_assignments


@dataclass(frozen=True, slots=True)
class Contention:
    """One person with open work on two or more projects due in the same week."""

    person_id: int
    name: str
    week_start: date
    project_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two projects whose windows overlap while sharing people (lead or owners)."""

    project_ids: tuple[int, int]
    start: date
    end: date
    shared_person_ids: tuple[int, ...]


def contended_people(
    items: Iterable[ItemFacts], names: Mapping[int, str], today: date, weeks: int
) -> list[Contention]:
    found = []
    for (person_id, week), bucket in weekly_assignments(items, today, weeks).items():
        projects = {i.project_id for i in bucket if i.project_id is not None}
        if len(projects) >= 2:
            name = names.get(person_id, f"person {person_id}")
            found.append(Contention(person_id, name, week, tuple(sorted(projects))))
    return sorted(found, key=lambda c: (c.week_start, c.person_id))


def overlapping_timelines(
    projects: Iterable[ProjectFacts], items: Iterable[ItemFacts]
) -> list[Overlap]:
    """Only pairs that share a person are compared, never every pair of projects.

    A project without both a start and an end has no window, so it overlaps nothing.
    """
    projects = list(projects)
    windows = {p.id: (p.start, p.end) for p in projects if p.start and p.end}
    staff = _staff(windows, projects, items)
    pairs: set[tuple[int, int]] = set()
    for project_ids in _projects_by_person(staff).values():
        pairs.update(combinations(sorted(project_ids), 2))
    found = []
    for a, b in sorted(pairs):
        start, end = max(windows[a][0], windows[b][0]), min(windows[a][1], windows[b][1])
        if start <= end:
            found.append(Overlap((a, b), start, end, tuple(sorted(staff[a] & staff[b]))))
    return found


def _staff(
    windows: Mapping[int, tuple[date, date]],
    projects: Iterable[ProjectFacts],
    items: Iterable[ItemFacts],
) -> dict[int, set[int]]:
    """Lead and open-item owners of each project that has a window."""
    staff: dict[int, set[int]] = {pid: set() for pid in windows}
    for project in projects:
        if project.id in staff and project.lead_id is not None:
            staff[project.id].add(project.lead_id)
    for item in items:
        if item.is_open and item.project_id in staff:
            staff[item.project_id].update(item.owner_ids)
    return staff


def _projects_by_person(staff: Mapping[int, set[int]]) -> dict[int, list[int]]:
    by_person: dict[int, list[int]] = defaultdict(list)
    for project_id, people in staff.items():
        for person_id in people:
            by_person[person_id].append(project_id)
    return by_person
