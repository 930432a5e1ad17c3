from datetime import date, timedelta

from coordination.analysis.dependencies import (
    critical_path,
    find_cycle,
    propagate_slip,
    propagate_slips,
)
from coordination.analysis.model import Edge, NodeRef
from tests.analysis_records import make_item

TODAY = date(2026, 11, 25)
IT, PR = NodeRef.item, NodeRef.project


item = make_item


def edge(id, upstream, downstream, status="open"):
    return Edge(id=id, upstream=upstream, downstream=downstream, status=status)


def day(n):
    return TODAY + timedelta(days=n)


def test_edge_closing_a_cycle_is_refused_and_the_cycle_named():
    edges = [edge(1, IT(1), IT(2)), edge(2, IT(2), IT(3))]

    cycle = find_cycle(edges, edge(3, IT(3), IT(1)))

    assert cycle == [IT(3), IT(1), IT(2), IT(3)]


def test_edge_that_keeps_the_graph_acyclic_is_accepted():
    edges = [edge(1, IT(1), IT(2)), edge(2, IT(2), IT(3))]

    assert find_cycle(edges, edge(3, IT(1), IT(3))) is None


def test_resolved_edges_do_not_count_towards_a_cycle():
    edges = [edge(1, IT(1), IT(2), status="resolved")]

    assert find_cycle(edges, edge(2, IT(2), IT(1))) is None


def test_cycle_through_a_project_node_is_named_with_the_project():
    items = [item(5, project=9)]
    edges = [edge(1, IT(1), PR(9))]

    cycle = find_cycle(edges, edge(2, IT(5), IT(1)), items)

    assert cycle == [IT(5), IT(1), PR(9), IT(5)]


def test_cycle_between_projects_is_found_without_their_items():
    edges = [edge(1, PR(1), PR(2))]

    assert find_cycle(edges, edge(2, PR(2), PR(1))) == [PR(2), PR(1), PR(2)]


def test_slip_knocks_on_transitively_with_days_projects_and_people():
    items = [
        item(1, project=1, due=day(10)),
        item(2, project=2, owners=[20], due=day(11), estimate=3),
        item(3, project=3, owners=[30, 31], due=day(14), estimate=2),
    ]
    edges = [edge(1, IT(1), IT(2)), edge(2, IT(2), IT(3))]

    impact = propagate_slip(items, edges, changed_item_id=1, today=TODAY)

    assert [(x.item_id, x.days_late) for x in impact.late] == [(2, 2), (3, 1)]
    assert impact.late[0].projected_finish == day(13)
    assert impact.project_ids == (2, 3)
    assert impact.other_project_ids == (2, 3)
    assert impact.person_ids == (20, 30, 31)


def test_downstream_item_with_room_absorbs_the_slip():
    items = [
        item(1, due=day(10)),
        item(2, due=day(20)),
        item(3, due=day(21)),
    ]
    edges = [edge(1, IT(1), IT(2)), edge(2, IT(2), IT(3))]

    assert propagate_slip(items, edges, 1, TODAY).late == ()


def test_overdue_item_is_treated_as_finishing_tomorrow_at_the_earliest():
    items = [item(1, due=day(-5)), item(2, due=day(1), estimate=2)]

    impact = propagate_slip(items, [edge(1, IT(1), IT(2))], 1, TODAY)

    assert impact.finish == day(1)
    assert [(x.item_id, x.days_late) for x in impact.late] == [(2, 2)]


def test_slip_reaches_every_open_item_of_a_downstream_project():
    items = [
        item(1, project=1, due=day(5)),
        item(2, project=2, owners=[7], due=day(5)),
        item(3, project=2, owners=[8], due=day(30)),
        item(4, project=2, owners=[9], due=day(2), status="done"),
    ]

    impact = propagate_slip(items, [edge(1, IT(1), PR(2))], 1, TODAY)

    assert [x.item_id for x in impact.late] == [2]
    assert impact.person_ids == (7,)


def test_undated_item_passes_the_slip_on():
    items = [item(1, due=day(5)), item(2, estimate=2), item(3, due=day(6))]
    edges = [edge(1, IT(1), IT(2)), edge(2, IT(2), IT(3))]

    impact = propagate_slip(items, edges, 1, TODAY)

    assert [(x.item_id, x.days_late) for x in impact.late] == [(3, 2)]


def test_batch_of_slips_counts_a_late_item_against_the_upstream_pushing_it_furthest():
    items = [
        item(1, due=day(-3)),
        item(2, due=day(0)),
        item(3, due=day(9)),
        item(4, due=day(-1)),
        item(5, due=day(1)),
        item(6, status="done"),
    ]
    edges = [edge(1, IT(1), IT(2)), edge(2, IT(3), IT(2)), edge(3, IT(4), IT(5))]

    impacts = propagate_slips(items, edges, [1, 3, 4, 6], TODAY)

    assert [(i.item_id, [x.item_id for x in i.late]) for i in impacts] == [
        (1, []),
        (3, [2]),
        (4, [5]),
        (6, []),
    ]
    assert impacts[1].late[0].days_late == 10
    assert impacts[2].late[0].days_late == 1


def test_critical_path_picks_the_longest_chain_by_estimates():
    items = [
        item(1, estimate=2, due=day(20)),
        item(2, estimate=1),
        item(3, estimate=5),
        item(4, estimate=1, due=day(5)),
        item(5, estimate=6),
    ]
    edges = [edge(1, IT(1), IT(2)), edge(2, IT(1), IT(3)), edge(3, IT(3), IT(4))]

    path = critical_path(items, edges, TODAY)

    assert path.item_ids == (1, 3, 4)
    assert path.total_days == 8
    assert path.implied_finish == day(8)
    assert path.latest_due == day(20)
    assert path.days_over == -12


def test_critical_path_ignores_finished_work_and_defaults_estimates():
    items = [item(1, estimate=30, status="done"), item(2), item(3)]
    edges = [edge(1, IT(1), IT(2)), edge(2, IT(2), IT(3))]

    path = critical_path(items, edges, TODAY)

    assert path.item_ids == (2, 3)
    assert path.total_days == 2


def test_an_unlinked_item_longer_than_every_chain_is_the_critical_path_alone():
    items = [item(1, estimate=2), item(2, estimate=3), item(7, estimate=9, due=day(3))]
    edges = [edge(1, IT(1), IT(2))]

    path = critical_path(items, edges, TODAY)

    assert path.item_ids == (7,)
    assert path.total_days == 9
    assert path.days_over == 6


def test_a_chain_beats_unlinked_items_and_their_due_dates_still_count():
    items = [item(1, estimate=2), item(2, estimate=3), item(7, estimate=4, due=day(30))]
    edges = [edge(1, IT(1), IT(2))]

    path = critical_path(items, edges, TODAY)

    assert path.item_ids == (1, 2)
    assert path.latest_due == day(30)


def test_cycle_through_a_project_only_the_new_edge_mentions_is_found():
    items = [item(5, project=2)]
    edges = [edge(1, PR(1), IT(5))]

    cycle = find_cycle(edges, edge(2, PR(2), PR(1)), items)

    assert cycle is not None
    assert cycle[0] == PR(2) and cycle[-1] == PR(2)
    assert IT(5) in cycle
