"""Which dependencies the graph draws, and how each is marked: plain data for layout.

At program scale (thousands of edges) a drawing of everything is unreadable and slow
to lay out, so the edges that carry friction come first: blocked, then those a slip
travels along, then the critical path, then the rest, up to `MAX_EDGES`. Resolved
dependencies constrain nothing and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

from coordination.analysis import Edge, NodeRef
from coordination.program_view.facts import ProgramFacts
from coordination.program_view.view import ProgramView

MAX_EDGES = 80
EdgeKind = Literal["blocked", "slipped", "open"]
_RANK = {"blocked": 0, "slipped": 1, "open": 2}


@dataclass(frozen=True, slots=True)
class GraphNode:
    ref: NodeRef
    label: str
    project_id: int | None
    critical: bool
    late_days: int | None
    """How late a slip upstream makes this item, if it does."""
    overdue: bool
    permalink: str | None = None

    @property
    def key(self) -> str:
        return f"{self.ref.kind}{self.ref.id}"


@dataclass(frozen=True, slots=True)
class GraphEdge:
    upstream: NodeRef
    downstream: NodeRef
    kind: EdgeKind
    critical: bool
    need_by: str | None


@dataclass(frozen=True, slots=True)
class DependencyGraph:
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    projects: Mapping[int, str]
    active_edges: int
    """All active dependencies; more than `len(edges)` when the drawing was cut."""


def _critical_pairs(view: ProgramView, facts: ProgramFacts) -> set[tuple[NodeRef, NodeRef]]:
    """Consecutive critical-path items, also as seen through the projects they belong to."""
    chain = view.critical_path.item_ids
    project_of = {i.id: i.project_id for i in facts.items}
    pairs: set[tuple[NodeRef, NodeRef]] = set()
    for a, b in pairwise(chain):
        ups = [NodeRef.item(a)] + ([NodeRef.project(p)] if (p := project_of.get(a)) else [])
        downs = [NodeRef.item(b)] + ([NodeRef.project(p)] if (p := project_of.get(b)) else [])
        pairs.update((u, d) for u in ups for d in downs)
    return pairs


def _kind(edge: Edge, late: Mapping[int, int], slipping: set[int]) -> EdgeKind:
    if edge.status == "blocked":
        return "blocked"
    down_late = edge.downstream.kind == "item" and edge.downstream.id in late
    up_slipping = edge.upstream.kind == "item" and edge.upstream.id in slipping
    return "slipped" if down_late or up_slipping else "open"


def dependency_graph(view: ProgramView, facts: ProgramFacts) -> DependencyGraph:
    late = {x.item_id: x.days_late for s in view.slips for x in s.late}
    slipping = {s.item_id for s in view.slips}
    critical = _critical_pairs(view, facts)
    active = [e for e in facts.edges if e.is_active]
    ranked = sorted(
        (
            GraphEdge(
                upstream=e.upstream,
                downstream=e.downstream,
                kind=_kind(e, late, slipping),
                critical=(e.upstream, e.downstream) in critical,
                need_by=e.need_by.isoformat() if e.need_by else None,
            )
            for e in active
        ),
        key=lambda g: (_RANK[g.kind], not g.critical),
    )[:MAX_EDGES]
    refs = dict.fromkeys(r for g in ranked for r in (g.upstream, g.downstream))
    return DependencyGraph(
        nodes=tuple(_node(ref, view, late) for ref in refs),
        edges=tuple(ranked),
        projects=view.labels.projects,
        active_edges=len(active),
    )


def with_permalinks(graph: DependencyGraph, permalinks: Mapping[int, str]) -> DependencyGraph:
    """The graph with each drawn item linked to its source thread (looked up for the
    drawn items only, not for every item a dependency names)."""
    nodes = tuple(
        replace(n, permalink=permalinks.get(n.ref.id)) if n.ref.kind == "item" else n
        for n in graph.nodes
    )
    return replace(graph, nodes=nodes)


def _node(ref: NodeRef, view: ProgramView, late: Mapping[int, int]) -> GraphNode:
    labels = view.labels
    if ref.kind == "project":
        return GraphNode(ref, labels.project(ref.id), ref.id, False, None, False)
    item = labels.items.get(ref.id)
    return GraphNode(
        ref=ref,
        label=item.task if item else f"item {ref.id}",
        project_id=item.project_id if item else None,
        critical=ref.id in view.critical_path.item_ids,
        late_days=late.get(ref.id),
        overdue=bool(item and item.is_overdue(view.today)),
    )
