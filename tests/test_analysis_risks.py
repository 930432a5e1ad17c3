from datetime import date, datetime, timedelta
from functools import partial

from coordination.analysis.capacity import capacity_table
from coordination.analysis.dependencies import propagate_slip
from coordination.analysis.model import (
    DueChange,
    Edge,
    NodeRef,
    NoteSignal,
    PersonFacts,
    ProjectFacts,
    RiskFacts,
)
from coordination.analysis.risks import derive_risks, rising
from tests.analysis_records import make_item

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 9, 0)
PROJECTS = [ProjectFacts(id=1, name="Alpha"), ProjectFacts(id=2, name="Beta")]
PEOPLE = [PersonFacts(id=7, name="Ann"), PersonFacts(id=8, name="Bob")]


item = partial(make_item, owners=(7,))


def redate(item_id, when, old, new):
    return DueChange(item_id=item_id, changed_at=datetime(2026, 11, when), old_due=old, new_due=new)


def risk(
    id, *, likelihood=2, impact=2, previous=None, created=datetime(2026, 10, 1), status="open"
):
    return RiskFacts(
        id=id,
        scope="program",
        title=f"risk {id}",
        likelihood=likelihood,
        impact=impact,
        status=status,
        previous_score=previous,
        created_at=created,
    )


def test_item_redated_twice_raises_a_risk_that_explains_the_trail():
    items = [item(1, task="Ship API", due=date(2026, 12, 10))]
    history = [
        redate(1, 1, None, date(2026, 11, 20)),
        redate(1, 10, date(2026, 11, 20), date(2026, 12, 1)),
        redate(1, 20, date(2026, 12, 1), date(2026, 12, 10)),
    ]

    [found] = derive_risks(
        today=TODAY, items=items, projects=PROJECTS, people=PEOPLE, history=history
    )

    assert found.key == "redated:item:1"
    assert found.explanation == (
        "'Ship API' (Alpha, owner Ann) has been re-dated 2 times: "
        "2026-11-20 → 2026-12-01 → 2026-12-10 (+20 days in all)."
    )
    assert found.score == 3 * 3


def test_item_redated_once_or_already_done_raises_nothing():
    items = [item(1), item(2, status="done")]
    history = [
        redate(1, 10, date(2026, 11, 20), date(2026, 12, 1)),
        redate(2, 10, date(2026, 11, 20), date(2026, 12, 1)),
        redate(2, 11, date(2026, 12, 1), date(2026, 12, 9)),
    ]

    assert derive_risks(today=TODAY, items=items, history=history) == []


def test_dependency_blocked_past_need_by_raises_a_risk_naming_both_ends():
    items = [item(1, project=1, task="Design"), item(2, project=2, task="Build")]
    edges = [
        Edge(
            id=5,
            upstream=NodeRef.item(1),
            downstream=NodeRef.item(2),
            status="blocked",
            need_by=date(2026, 11, 20),
        ),
        Edge(
            id=6,
            upstream=NodeRef.item(1),
            downstream=NodeRef.project(2),
            status="blocked",
            need_by=date(2026, 11, 26),
        ),
        Edge(
            id=7,
            upstream=NodeRef.item(2),
            downstream=NodeRef.project(1),
            status="open",
            need_by=date(2026, 11, 1),
        ),
    ]

    [found] = derive_risks(today=TODAY, items=items, projects=PROJECTS, edges=edges)

    assert found.key == "blocked:edge:5"
    assert "'Build' is blocked on 'Design', which was needed by 2026-11-20 (5 day(s) ago)" in (
        found.explanation
    )
    assert found.project_ids == (1, 2)
    assert (found.likelihood, found.impact) == (5, 3)


def test_upstream_slip_into_another_project_raises_a_risk_per_project_hit():
    items = [
        item(1, project=1, task="Auth", due=TODAY + timedelta(days=10)),
        item(2, project=2, owners=(8,), due=TODAY + timedelta(days=9)),
        item(3, project=1, due=TODAY + timedelta(days=9)),
    ]
    edges = [
        Edge(id=1, upstream=NodeRef.item(1), downstream=NodeRef.item(i), status="open")
        for i in (2, 3)
    ]
    slip = propagate_slip(items, edges, 1, TODAY)

    [found] = derive_risks(today=TODAY, items=items, projects=PROJECTS, people=PEOPLE, slips=[slip])

    assert found.key == "slip:item:1:project:2"
    assert found.scope == "project:2"
    assert "'Auth' (Alpha) now finishes 2026-12-05; 1 item(s) in Beta" in found.explanation
    assert "up to 2 day(s) late (owners: Bob)" in found.explanation


def test_owner_over_capacity_two_weeks_running_raises_one_risk_per_person():
    monday = date(2026, 11, 23)
    items = [item(i, due=monday + timedelta(weeks=w), estimate=6) for i, w in ((1, 0), (2, 1))]
    items.append(item(3, owners=(8,), due=monday, estimate=6))
    table = capacity_table(items, PEOPLE, TODAY, weeks=4)

    [found] = derive_risks(today=TODAY, items=items, capacity=table)

    assert found.key == "overload:person:7"
    assert "6/5 days in week of 2026-11-23; 6/5 days in week of 2026-11-30" in found.explanation


def test_scope_change_in_notes_raises_a_risk_keyed_on_what_was_said():
    def signal(source, text):
        return NoteSignal(
            kind="scope_change", text=text, project_id=2, source_id=source, seen_at=NOW
        )

    first = derive_risks(today=TODAY, projects=PROJECTS, signals=[signal("n1", "Add SSO to v1")])
    again = derive_risks(today=TODAY, signals=[signal("n2", "add  SSO to v1 ")])

    assert first[0].key == again[0].key
    assert first[0].title == "Scope change mentioned for Beta"
    assert '"Add SSO to v1"' in first[0].explanation


def test_rising_lists_new_and_higher_scored_open_risks_worst_first():
    risks = [
        risk(1, created=NOW - timedelta(days=3)),
        risk(2, likelihood=4, impact=4, previous=9),
        risk(3, likelihood=3, impact=3, previous=9),
        risk(4, likelihood=5, impact=5, previous=4, status="closed"),
        risk(5, created=NOW - timedelta(days=8)),
    ]

    assert [(r.risk.id, r.reason) for r in rising(risks, NOW)] == [(2, "rising"), (1, "new")]
