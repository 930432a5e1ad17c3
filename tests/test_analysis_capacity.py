from datetime import date, timedelta
from functools import partial

from coordination.analysis.capacity import capacity_table, over_allocated
from coordination.analysis.model import PersonFacts, ProjectFacts
from tests.analysis_records import make_item

TODAY = date(2026, 11, 25)  # a Wednesday
THIS_MONDAY = date(2026, 11, 23)
NEXT_MONDAY = date(2026, 11, 30)
ANN = PersonFacts(id=1, name="Ann", weekly_capacity_days=4)
BOB = PersonFacts(id=2, name="Bob")
PROJECTS = [ProjectFacts(id=10, name="Alpha"), ProjectFacts(id=20, name="Beta")]


item = partial(make_item, owners=(1,), project=10)


def loads(table, person_id):
    row = next(r for r in table.rows if r.person_id == person_id)
    return [w.load_days for w in row.weeks]


def test_load_lands_in_the_week_of_the_due_date():
    items = [item(1, due=NEXT_MONDAY + timedelta(days=4), estimate=3)]

    table = capacity_table(items, [ANN], TODAY, weeks=3)

    assert table.weeks == (THIS_MONDAY, NEXT_MONDAY, NEXT_MONDAY + timedelta(weeks=1))
    assert loads(table, 1) == [0, 3, 0]


def test_overdue_work_loads_the_current_week_and_missing_estimates_default_to_a_day():
    items = [item(1, due=date(2026, 10, 1)), item(2, due=TODAY, estimate=2)]

    assert loads(capacity_table(items, [ANN], TODAY, weeks=1), 1) == [3]


def test_finished_undated_and_far_off_items_carry_no_load():
    items = [
        item(1, due=TODAY, estimate=5, status="done"),
        item(2, due=None, estimate=5),
        item(3, due=TODAY + timedelta(weeks=10), estimate=5),
    ]

    assert loads(capacity_table(items, [ANN], TODAY, weeks=6), 1) == [0] * 6


def test_shared_item_splits_its_estimate_between_owners():
    items = [item(1, owners=(1, 2), due=TODAY, estimate=3)]

    table = capacity_table(items, [ANN, BOB], TODAY, weeks=1)

    assert loads(table, 1) == [1.5]
    assert loads(table, 2) == [1.5]


def test_week_is_flagged_over_only_when_load_exceeds_capacity():
    items = [item(1, due=TODAY, estimate=4), item(2, due=NEXT_MONDAY, estimate=4.5)]

    row = capacity_table(items, [ANN], TODAY, weeks=2).rows[0]

    assert [w.over for w in row.weeks] == [False, True]
    assert row.over_weeks == (NEXT_MONDAY,)


def test_unknown_owner_gets_a_row_at_default_capacity():
    table = capacity_table([item(1, owners=(9,), due=TODAY, estimate=6)], [], TODAY, weeks=1)

    assert [(r.person_id, r.weeks[0].capacity_days, r.weeks[0].over) for r in table.rows] == [
        (9, 5.0, True)
    ]


def test_over_allocation_names_the_projects_and_items_competing_in_that_week():
    items = [
        item(1, due=TODAY + timedelta(days=2), estimate=3, project=10),
        item(2, due=TODAY, estimate=2, project=20),
        item(3, due=NEXT_MONDAY, estimate=3, project=20),
        item(4, owners=(2,), due=TODAY, estimate=2, project=20),
    ]

    [over] = over_allocated(items, [ANN, BOB], PROJECTS, TODAY)

    assert (over.person_id, over.week_start) == (1, THIS_MONDAY)
    assert (over.load_days, over.capacity_days) == (5, 4)
    assert over.project_names == ("Alpha", "Beta")
    assert over.item_ids == (2, 1)
