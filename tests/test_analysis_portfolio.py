from datetime import date, datetime, timedelta
from functools import partial

from coordination.analysis.model import (
    DueChange,
    Edge,
    NodeRef,
    PersonFacts,
    ProjectFacts,
)
from coordination.analysis.portfolio import portfolio_view
from tests.analysis_records import make_item

TODAY = date(2026, 11, 25)
PEOPLE = [PersonFacts(id=7, name="Ann"), PersonFacts(id=8, name="Bob")]


item = partial(make_item, owners=(7,))


def project(id, name=None, **kwargs):
    return ProjectFacts(id=id, name=name or f"P{id}", **kwargs)


def day(n):
    return TODAY + timedelta(days=n)


def view(projects, items, edges=(), history=()):
    return portfolio_view(projects, items, edges, history, PEOPLE, TODAY)


def health(result, project_id):
    return next(h for h in result.projects if h.project_id == project_id)


def test_on_time_rate_counts_done_items_finished_by_their_due_date():
    items = [
        item(1, status="done", due=day(-10), completed=datetime(2026, 11, 15, 23, 0)),
        item(2, status="done", due=day(-10), completed=datetime(2026, 11, 16, 9, 0)),
        item(3, status="done", due=day(-3), completed=datetime(2026, 11, 20)),
        item(4, status="done", due=None, completed=datetime(2026, 11, 20)),
        item(5, status="cancelled", due=day(-20)),
    ]

    result = view([project(1)], items)

    assert health(result, 1).done == 4
    assert health(result, 1).on_time_rate == 2 / 3
    assert result.program.on_time_rate == 2 / 3


def test_median_slip_comes_from_history_first_to_final_due():
    def change(item_id, when, old, new):
        return DueChange(
            item_id=item_id, changed_at=datetime(2026, 11, when), old_due=old, new_due=new
        )

    items = [item(i, due=day(30)) for i in (1, 2, 3, 4)]
    history = [
        change(1, 2, None, day(0)),
        change(1, 5, day(0), day(4)),
        change(1, 9, day(4), day(10)),
        change(2, 3, day(0), day(2)),
        change(3, 3, day(0), day(30)),
        change(4, 3, None, day(30)),
    ]

    result = view([project(1)], items, history=history)

    assert health(result, 1).median_slip_days == 10
    assert health(result, 1).verdict == "at risk"
    assert "median slip 10 days" in health(result, 1).reasons


def test_project_with_nothing_wrong_is_on_track():
    result = view([project(1)], [item(1, due=day(3)), item(2, status="done", due=day(-1))])

    assert health(result, 1).line == "on track"


def test_a_few_overdue_and_a_blocked_dependency_put_a_project_at_risk():
    items = [item(i, due=day(-2) if i <= 3 else day(5)) for i in range(1, 21)]
    edges = [
        Edge(id=1, upstream=NodeRef.project(2), downstream=NodeRef.item(5), status="blocked"),
        Edge(id=2, upstream=NodeRef.project(2), downstream=NodeRef.item(6), status="open"),
    ]

    result = view([project(1), project(2)], items, edges)

    assert health(result, 1).line == "at risk: 3 overdue, 1 blocked dependency"
    assert health(result, 2).line == "on track"
    assert result.program.blocked_dependencies == 1


def test_overdue_share_past_a_quarter_puts_a_project_off_track():
    items = [item(i, due=day(-2) if i <= 3 else day(5)) for i in range(1, 13)]

    assert health(view([project(1)], items), 1).line == "off track: 3 overdue (25% of open)"


def test_two_overdue_is_never_off_track_however_small_the_project():
    items = [item(1, due=day(-2)), item(2, due=day(-1))]

    assert health(view([project(1)], items), 1).verdict == "at risk"


def test_end_date_passed_or_overspend_puts_a_project_off_track():
    late = project(1, end=day(-1))
    spendy = project(2, budget_planned=100.0, budget_spent=120.0)
    slightly = project(3, budget_planned=100.0, budget_spent=105.0)
    items = [item(1, project=1, due=day(3))]

    result = view([late, spendy, slightly], items)

    assert health(result, 1).line == f"off track: past end date {day(-1)} with 1 open"
    assert health(result, 2).line == "off track: over budget by 20%"
    assert health(result, 3).line == "at risk: over budget by 5%"
    assert [h.project_id for h in result.projects] == [1, 2, 3]
    assert (result.program.budget_planned, result.program.budget_spent) == (200.0, 225.0)


def test_person_with_work_on_two_projects_in_one_week_is_contended():
    items = [
        item(1, project=1, due=day(0)),
        item(2, project=2, due=day(1)),
        item(3, project=1, owners=(8,), due=day(0)),
        item(4, project=2, owners=(8,), due=day(14)),
    ]

    result = view([project(1), project(2)], items)

    assert [(c.person_id, c.name, c.project_ids) for c in result.contended] == [(7, "Ann", (1, 2))]
    assert health(result, 2).contended_person_ids == (7,)


def test_timelines_overlap_only_for_projects_sharing_people():
    projects = [
        project(1, start=day(0), end=day(30)),
        project(2, start=day(20), end=day(60), lead_id=8),
        project(3, start=day(10), end=day(40)),
        project(4, start=day(61), end=day(70)),
    ]
    items = [
        item(1, project=1, owners=(8,)),
        item(2, project=3, owners=(9,)),
        item(3, project=4, owners=(8,)),
    ]

    result = view(projects, items)
    [overlap] = result.overlaps

    assert overlap.project_ids == (1, 2)
    assert (overlap.start, overlap.end) == (day(20), day(30))
    assert overlap.shared_count == 1
    assert result.shared_person_ids(overlap) == (8,)
