"""The dependency graph as adjacency lists, plus the traversals the analyses share.

A project node stands for all its open items. Joining every upstream of a project to each
of its items would be quadratic, so each project an edge mentions gets two virtual nodes
instead: an entry that precedes each of its open items and an exit that follows them.
Item nodes are keyed by the bare item id so the hot loops hash ints, not tuples.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

from coordination.analysis.model import Edge, ItemFacts, NodeRef
from coordination.analysis.table import ItemsById

Key = int
"""An item's own id (ids are non-negative, as database ids are), or a negative number
encoding a project's virtual entry or exit; int keys keep the hot loops cheap."""


@dataclass(frozen=True, slots=True)
class DependencyGraph:
    nodes: frozenset[Key]
    """Every node with at least one edge; an open item that nothing links is left out
    (most items of a large program), so a walk over the graph costs its edges only."""
    succ: Mapping[Key, list[Key]]
    pred: Mapping[Key, list[Key]]


def is_item(key: Key) -> bool:
    return key >= 0


def project_entry(project_id: int) -> Key:
    return -2 * project_id - 1


def project_exit(project_id: int) -> Key:
    return -2 * project_id - 2


def entry_key(ref: NodeRef) -> Key:
    """Where a dependency pointing at `ref` lands."""
    return ref.id if ref.kind == "item" else project_entry(ref.id)


def exit_key(ref: NodeRef) -> Key:
    """Where a dependency leaving `ref` starts."""
    return ref.id if ref.kind == "item" else project_exit(ref.id)


def to_ref(key: Key) -> NodeRef:
    return NodeRef.item(key) if key >= 0 else NodeRef.project((-key - 1) // 2)


def project_of(ref: NodeRef, items: Mapping[int, ItemFacts]) -> int | None:
    """The project a dependency end belongs to, if known."""
    if ref.kind == "project":
        return ref.id
    item = items.get(ref.id)
    return item.project_id if item else None


def build_graph(
    open_items: ItemsById, edges: Iterable[Edge], *, structural: bool = False
) -> DependencyGraph:
    """Graph of active edges among open items (and the projects that stand for them).

    Scheduling (`structural=False`) drops edges that touch an item that is not open: a
    finished upstream no longer holds anything up. Cycle checks (`structural=True`) keep
    every active edge and join each project's entry to its exit, so a loop through a
    project is found even when nobody passed its items.
    """
    succ: dict[Key, list[Key]] = defaultdict(list)
    pred: dict[Key, list[Key]] = defaultdict(list)
    projects: set[int] = set()
    for edge in edges:
        up, down = edge.upstream, edge.downstream
        if not edge.is_active or not (structural or _both_open(up, down, open_items)):
            continue
        projects.update(ref.id for ref in (up, down) if ref.kind == "project")
        a, b = exit_key(up), entry_key(down)
        succ[a].append(b)
        pred[b].append(a)
    if structural:
        for project_id in projects:
            succ[project_entry(project_id)].append(project_exit(project_id))
            pred[project_exit(project_id)].append(project_entry(project_id))
    _link_members(open_items, projects, succ, pred)
    nodes = set(succ).union(pred)
    nodes.update(k for p in projects for k in (project_entry(p), project_exit(p)))
    return DependencyGraph(frozenset(nodes), succ, pred)


def _both_open(up: NodeRef, down: NodeRef, open_items: Mapping[int, ItemFacts]) -> bool:
    return (up.kind == "project" or up.id in open_items) and (
        down.kind == "project" or down.id in open_items
    )


def _link_members(
    open_items: ItemsById,
    projects: set[int],
    succ: dict[Key, list[Key]],
    pred: dict[Key, list[Key]],
) -> None:
    """Entry -> each open item -> exit, for every project an edge mentions."""
    for project_id, ids in open_items.ids_by_project(projects).items():
        entry, exit_ = project_entry(project_id), project_exit(project_id)
        succ[entry].extend(ids)
        pred[exit_].extend(ids)
        for item_id in ids:
            pred[item_id].append(entry)
            succ[item_id].append(exit_)


def reachable(graph: DependencyGraph, starts: Iterable[Key]) -> set[Key]:
    """Everything downstream of any of `starts`, the starts included."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for nxt in graph.succ.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def path_between(graph: DependencyGraph, start: Key, goal: Key) -> list[Key] | None:
    """A shortest path from `start` to `goal` (breadth first, so a named cycle stays short)."""
    parent: dict[Key, Key | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return unwind(parent, node)
        for nxt in graph.succ.get(node, ()):
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return None


def unwind(parent: Mapping[Key, Key | None], node: Key | None) -> list[Key]:
    """Follow back-pointers from `node` to the start, returned start first."""
    path: list[Key] = []
    while node is not None:
        path.append(node)
        node = parent[node]
    return path[::-1]


def topological_order(graph: DependencyGraph, nodes: Iterable[Key] | None = None) -> list[Key]:
    """Kahn's order over `nodes` (default: the whole graph), counting only predecessors
    inside `nodes`; over the whole graph every predecessor counts, so in-degrees are
    the lengths of the predecessor lists.

    Nodes on a cycle (possible in data stored before cycle checks existed) never reach
    in-degree zero and are left out rather than looping forever.
    """
    if nodes is None:
        members: Set[Key] = graph.nodes
        indegree = {n: len(graph.pred.get(n, ())) for n in members}
    else:
        members = set(nodes)
        indegree = {n: sum(1 for p in graph.pred.get(n, ()) if p in members) for n in members}
    queue = deque(n for n, d in indegree.items() if d == 0)
    order: list[Key] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for nxt in graph.succ.get(node, ()):
            if nxt in members:
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    queue.append(nxt)
    return order
