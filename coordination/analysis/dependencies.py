"""Cycles, slip knock-on and the critical path over the dependency graph.

Estimates are calendar days rounded up (a half-day task still moves a date by a day):
the answer is a heads-up for the digest, not a schedule.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from coordination.analysis.graph import (
    DependencyGraph,
    Key,
    build_graph,
    entry_key,
    exit_key,
    is_item,
    path_between,
    reachable,
    to_ref,
    topological_order,
    unwind,
)
from coordination.analysis.model import Edge, ItemFacts, NodeRef
from coordination.analysis.table import NONE, ItemsById, ItemTable, as_table


@dataclass(frozen=True, slots=True)
class LateItem:
    item_id: int
    project_id: int | None
    owner_ids: tuple[int, ...]
    due: date
    projected_finish: date
    days_late: int


@dataclass(frozen=True, slots=True)
class SlipImpact:
    """What one item's slip does downstream; empty `late` means every date still holds."""

    item_id: int
    project_id: int | None
    finish: date | None
    late: tuple[LateItem, ...]
    project_ids: tuple[int, ...]
    person_ids: tuple[int, ...]

    @property
    def other_project_ids(self) -> tuple[int, ...]:
        """Projects hit besides the slipping item's own: the ones that did not see it coming."""
        return tuple(p for p in self.project_ids if p != self.project_id)


@dataclass(frozen=True, slots=True)
class CriticalPath:
    item_ids: tuple[int, ...]
    total_days: float
    implied_finish: date | None
    latest_due: date | None

    @property
    def days_over(self) -> int | None:
        """Positive when the chain cannot finish by the latest due date."""
        if self.implied_finish is None or self.latest_due is None:
            return None
        return (self.implied_finish - self.latest_due).days


def open_items_by_id(items: ItemTable | Iterable[ItemFacts]) -> ItemsById:
    return as_table(items).open_items


def effective_finish(item: ItemFacts, today: date) -> date | None:
    """An overdue item cannot finish before tomorrow, whatever its stale date says."""
    if item.due is None:
        return None
    return today + timedelta(days=1) if item.due < today else item.due


def find_cycle(
    edges: Iterable[Edge], new_edge: Edge, items: ItemTable | Iterable[ItemFacts] = ()
) -> list[NodeRef] | None:
    """The loop `new_edge` would close, as [upstream, downstream, ..., upstream], else None.

    Pass `items` so an edge into a project is also checked against that project's own
    items (a project cannot wait on one of its own open items).
    """
    if new_edge.upstream == new_edge.downstream:
        return [new_edge.upstream, new_edge.downstream]
    # The new edge is part of the graph so a project it alone mentions gets its items joined.
    graph = build_graph(open_items_by_id(items), [*edges, new_edge], structural=True)
    found = path_between(graph, entry_key(new_edge.downstream), exit_key(new_edge.upstream))
    return None if found is None else [new_edge.upstream, *_refs(found)]


def _refs(keys: Iterable[Key]) -> list[NodeRef]:
    """Node refs with a project's entry and exit folded into one mention."""
    refs: list[NodeRef] = []
    for key in keys:
        ref = to_ref(key)
        if not refs or refs[-1] != ref:
            refs.append(ref)
    return refs


def propagate_slip(
    items: ItemTable | Iterable[ItemFacts],
    edges: Iterable[Edge],
    changed_item_id: int,
    today: date,
) -> SlipImpact:
    """Every downstream item whose due date can no longer hold after `changed_item_id` moved.

    A downstream item needs its upstream's finish plus its own estimate. An item whose date
    still holds absorbs the slip; an undated item passes it on. Walks only what is
    reachable from the changed item, in topological order, so each node is settled once.
    """
    [impact] = propagate_slips(items, edges, [changed_item_id], today)
    return impact


def propagate_slips(
    items: ItemTable | Iterable[ItemFacts],
    edges: Iterable[Edge],
    changed_item_ids: Iterable[int],
    today: date,
) -> list[SlipImpact]:
    """`propagate_slip` for many items at once (e.g. every overdue one), in a single pass.

    All slips travel together, so a downstream item late for two reasons is counted once,
    against the upstream that pushes it furthest. One walk over what the sources reach,
    however many sources: per-source walks would cost sources x graph.
    """
    open_items = open_items_by_id(items)
    return slips_in(build_graph(open_items, edges), open_items, changed_item_ids, today)


def slips_in(
    graph: DependencyGraph,
    open_items: Mapping[int, ItemFacts],
    changed_item_ids: Iterable[int],
    today: date,
) -> list[SlipImpact]:
    """`propagate_slips` on a graph already built, for callers that also need the
    critical path of the same graph (a program view builds it once for both)."""
    ids = list(changed_item_ids)
    starts = {
        i: f for i in ids if i in open_items and (f := effective_finish(open_items[i], today))
    }
    late = _late_by_cause(graph, open_items, starts, today)
    return [_impact(open_items.get(i), i, starts.get(i), late.get(i, [])) for i in ids]


def _impact(
    source: ItemFacts | None, item_id: int, finish: date | None, late: list[LateItem]
) -> SlipImpact:
    ordered = tuple(sorted(late, key=lambda x: (-x.days_late, x.item_id)))
    projects = sorted({x.project_id for x in late if x.project_id is not None})
    people = sorted({p for x in late for p in x.owner_ids})
    project_id = source.project_id if source else None
    return SlipImpact(item_id, project_id, finish, ordered, tuple(projects), tuple(people))


def _late_by_cause(
    graph: DependencyGraph,
    items: Mapping[int, ItemFacts],
    starts: Mapping[int, date],
    today: date,
) -> dict[int, list[LateItem]]:
    """Late items grouped by the source whose slip makes them late.

    `pushed` holds (finish, source) for every node a slip still moves; a dated item that
    can absorb the push drops out, an undated one or a project node passes it on.
    """
    pushed: dict[Key, tuple[date, int]] = {}
    late: dict[int, list[LateItem]] = defaultdict(list)
    for node in topological_order(graph, reachable(graph, starts)):
        best = max((pushed[p] for p in graph.pred.get(node, ()) if p in pushed), default=None)
        item = items.get(node) if is_item(node) else None
        if item is not None and best is not None:
            best = _push_item(item, best, today, late)
        own = starts.get(node)
        if own is not None and (best is None or own >= best[0]):
            best = (own, node)
        if best is not None:
            pushed[node] = best
    return late


def _push_item(
    item: ItemFacts, best: tuple[date, int], today: date, late: dict[int, list[LateItem]]
) -> tuple[date, int] | None:
    """The push `item` passes on, recording it as late when its due date cannot hold."""
    earliest = best[0] + timedelta(days=math.ceil(item.effort_days))
    if item.due is None:
        return earliest, best[1]
    if earliest <= item.due:
        return None
    projected = max(earliest, today + timedelta(days=1))
    days = (projected - item.due).days
    late[best[1]].append(
        LateItem(item.id, item.project_id, item.owner_ids, item.due, projected, days)
    )
    return projected, best[1]


def critical_path(
    items: ItemTable | Iterable[ItemFacts], edges: Iterable[Edge], today: date
) -> CriticalPath:
    """The longest chain of open work by estimates, and whether it fits the latest due date."""
    open_items = open_items_by_id(items)
    return critical_path_in(build_graph(open_items, edges), open_items, today)


def critical_path_in(graph: DependencyGraph, open_items: ItemsById, today: date) -> CriticalPath:
    """`critical_path` on a graph already built.

    One longest-path pass in topological order over the items that have an edge; a
    project node adds no days of its own but carries its longest item into the chain.
    Most items of a large program wait on nothing and nothing waits on them: each is a
    chain of one, so the longest of those is found in a plain scan instead.
    """
    linked = graph.nodes
    effort = open_items.effort_by_id
    length: dict[Key, float] = {}
    via: dict[Key, Key | None] = {}
    for node in topological_order(graph):
        best = max(graph.pred.get(node, ()), key=length.__getitem__, default=None)
        own = effort.get(node, 0.0)  # a project node, or an item no longer open: no days
        length[node] = own + (length[best] if best is not None else 0.0)
        via[node] = best
    ends = [(length[n], -n) for n in length if is_item(n)]
    longest_alone, latest_due = _longest_alone_and_latest_due(open_items, linked)
    if longest_alone is not None:
        ends.append(longest_alone)
    if not ends:
        return CriticalPath((), 0.0, None, None)
    days, end = max(ends)
    chain = tuple(k for k in unwind(via, -end) if is_item(k)) if -end in via else (-end,)
    finish = today + timedelta(days=math.ceil(days))
    return CriticalPath(chain, days, finish, latest_due)


def _longest_alone_and_latest_due(
    open_items: ItemsById, linked: frozenset[Key]
) -> tuple[tuple[float, int] | None, date | None]:
    """The unlinked item with the largest estimate (lowest id on a tie), as (days, -id),
    and the latest due date of all open work, in one pass over the table's columns."""
    rows = open_items.rows
    due = open_items.due[rows]
    dated = due[due != NONE]
    latest = date.fromordinal(int(dated.max())) if dated.size else None
    alone = rows[~np.isin(open_items.id[rows], list(linked))]
    if not alone.size:
        return None, latest
    effort, ids = open_items.effort[alone], open_items.id[alone]
    longest = effort.max()
    return (float(longest), -int(ids[effort == longest].min())), latest
