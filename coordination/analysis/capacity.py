"""Each person's load per week ahead against what they can carry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from coordination.analysis.model import ItemFacts, PersonFacts, ProjectFacts
from coordination.analysis.table import ItemTable, as_table
from coordination.analysis.workload import Bucket, Workload, horizon, weekly_workload


@dataclass(frozen=True, slots=True)
class WeekLoad:
    week_start: date
    load_days: float
    capacity_days: float

    @property
    def over(self) -> bool:
        return self.load_days > self.capacity_days


@dataclass(frozen=True, slots=True)
class PersonLoad:
    person_id: int
    name: str
    weeks: tuple[WeekLoad, ...]

    @property
    def over_weeks(self) -> tuple[date, ...]:
        """Mondays of the weeks this person is over capacity."""
        return tuple(w.week_start for w in self.weeks if w.over)


@dataclass(frozen=True, slots=True)
class CapacityTable:
    """Person x week; every person passed in gets a row, loaded or not."""

    weeks: tuple[date, ...]
    rows: tuple[PersonLoad, ...]


@dataclass(frozen=True, slots=True)
class OverAllocation:
    """One person over capacity in one week, and the work competing for it."""

    person_id: int
    name: str
    week_start: date
    load_days: float
    capacity_days: float
    project_ids: tuple[int, ...]
    project_names: tuple[str, ...]
    item_ids: tuple[int, ...]


def capacity_table(
    items: ItemTable | Iterable[ItemFacts],
    people: Iterable[PersonFacts],
    today: date,
    weeks: int = 6,
) -> CapacityTable:
    """Owners missing from `people` still get a row, at the default capacity."""
    workload = weekly_workload(as_table(items), today, weeks)
    known = _people_by_id(people, (pid for pid, _ in workload.loads))
    return _table(workload.loads, known, today, weeks)


def _table(
    loads: Mapping[Bucket, float],
    known: Mapping[int, PersonFacts],
    today: date,
    weeks: int,
) -> CapacityTable:
    mondays = horizon(today, weeks)
    return CapacityTable(mondays, tuple(_row(person, loads, mondays) for person in known.values()))


def _row(
    person: PersonFacts, loads: Mapping[Bucket, float], mondays: tuple[date, ...]
) -> PersonLoad:
    capacity = person.weekly_capacity_days
    cells = tuple(WeekLoad(w, loads.get((person.id, w), 0), capacity) for w in mondays)
    return PersonLoad(person.id, person.name, cells)


def over_allocated(
    items: ItemTable | Iterable[ItemFacts],
    people: Iterable[PersonFacts],
    projects: Iterable[ProjectFacts],
    today: date,
    weeks: int = 6,
) -> list[OverAllocation]:
    """Who is over in which week, worst first within a week, and what competes for them."""
    return capacity_and_over_allocation(items, people, projects, today, weeks)[1]


def capacity_and_over_allocation(
    items: ItemTable | Iterable[ItemFacts],
    people: Iterable[PersonFacts],
    projects: Iterable[ProjectFacts],
    today: date,
    weeks: int = 6,
    *,
    workload: Workload | None = None,
) -> tuple[CapacityTable, list[OverAllocation]]:
    """Both views from one grouping of the items, for callers that show both; pass the
    grouping (`weekly_workload`) when another analysis needs it too."""
    if workload is None:
        workload = weekly_workload(as_table(items), today, weeks)
    loads = workload.loads
    known = _people_by_id(people, (pid for pid, _ in loads))
    names = {p.id: p.name for p in projects}
    found = [
        _over(known[bucket[0]], bucket, workload, load, names)
        for bucket, load in loads.items()
        if load > known[bucket[0]].weekly_capacity_days
    ]
    found.sort(key=lambda o: (o.week_start, o.capacity_days - o.load_days, o.person_id))
    return _table(loads, known, today, weeks), found


def _over(
    person: PersonFacts,
    bucket: Bucket,
    workload: Workload,
    load: float,
    names: Mapping[int, str],
) -> OverAllocation:
    project_ids = workload.projects_in(bucket)
    return OverAllocation(
        person_id=person.id,
        name=person.name,
        week_start=bucket[1],
        load_days=load,
        capacity_days=person.weekly_capacity_days,
        project_ids=project_ids,
        project_names=tuple(names.get(p, f"project {p}") for p in project_ids),
        item_ids=workload.item_ids_in(bucket),
    )


def _people_by_id(people: Iterable[PersonFacts], owners: Iterable[int]) -> dict[int, PersonFacts]:
    """Owners nobody told us about still count, at the default capacity."""
    known = {p.id: p for p in people}
    for person_id in owners:
        if person_id not in known:
            known[person_id] = PersonFacts(id=person_id, name=f"person {person_id}")
    return known
