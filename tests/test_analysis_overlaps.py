"""The overlaps found through shared people are exactly those the all-pairs version found.

`all_pairs_overlaps` is the previous implementation, kept here as the oracle: every
pair of projects sharing a person, its windows intersected, most shared people first.
"""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import combinations

import pytest

from coordination.analysis.contention import Overlap, overlapping_timelines
from coordination.analysis.model import ProjectFacts

TODAY = date(2026, 11, 25)


def all_pairs_overlaps(projects, staff):
    windows = {p.id: (p.start, p.end) for p in projects if p.start and p.end and p.id in staff}
    by_person = defaultdict(list)
    for project_id in windows:
        for person_id in staff[project_id]:
            by_person[person_id].append(project_id)
    shared = Counter()
    for project_ids in by_person.values():
        shared.update(combinations(sorted(project_ids), 2))
    found = []
    for (a, b), count in shared.items():
        start, end = max(windows[a][0], windows[b][0]), min(windows[a][1], windows[b][1])
        if start <= end:
            found.append(Overlap((a, b), start, end, count))
    return sorted(found, key=lambda o: (-o.shared_count, o.project_ids))


def random_program(rng, projects, people):
    facts, staff = [], {}
    for project_id in rng.sample(range(1, projects * 3), projects):
        start = TODAY + timedelta(days=rng.randint(-60, 60))
        end = start + timedelta(days=rng.randint(-5, 90))  # some windows inverted
        windowless = rng.random() < 0.1
        facts.append(
            ProjectFacts(
                id=project_id,
                name=f"P{project_id}",
                start=None if windowless else start,
                end=end,
            )
        )
        staff[project_id] = frozenset(rng.sample(range(people), rng.randint(0, min(6, people))))
    return facts, staff


@pytest.mark.parametrize("seed", range(40))
def test_overlaps_through_shared_people_match_all_pairs(seed):
    rng = random.Random(seed)
    projects, staff = random_program(rng, rng.randint(2, 60), rng.randint(3, 40))

    expected = all_pairs_overlaps(projects, staff)
    found = overlapping_timelines(projects, staff, keep=None)

    assert list(found.kept) == expected
    assert found.total == len(expected)


@pytest.mark.parametrize("seed", range(20))
def test_capped_overlaps_are_the_most_significant_ones(seed):
    rng = random.Random(1000 + seed)
    projects, staff = random_program(rng, 80, 25)
    expected = all_pairs_overlaps(projects, staff)

    found = overlapping_timelines(projects, staff, keep=10)

    assert list(found.kept) == expected[:10]
    assert found.total == len(expected)
    assert len(expected) > 10


def test_touching_windows_overlap_on_their_shared_day():
    projects = [
        ProjectFacts(id=1, name="A", start=TODAY, end=TODAY + timedelta(days=5)),
        ProjectFacts(id=2, name="B", start=TODAY + timedelta(days=5), end=TODAY + timedelta(9)),
        ProjectFacts(id=3, name="C", start=TODAY + timedelta(days=6), end=TODAY + timedelta(9)),
    ]
    staff = {1: frozenset({7}), 2: frozenset({7}), 3: frozenset({7})}

    found = overlapping_timelines(projects, staff)

    day5, day6, day9 = (TODAY + timedelta(days=n) for n in (5, 6, 9))
    assert list(found.kept) == [Overlap((1, 2), day5, day5, 1), Overlap((2, 3), day6, day9, 1)]


def test_projects_without_people_overlap_nothing():
    projects = [
        ProjectFacts(id=1, name="A", start=TODAY, end=TODAY + timedelta(days=5)),
        ProjectFacts(id=2, name="B", start=TODAY, end=TODAY + timedelta(days=5)),
    ]

    found = overlapping_timelines(projects, {1: frozenset(), 2: frozenset()})

    assert (found.kept, found.total) == ((), 0)
