"""The dependency graph laid out by Graphviz `dot`, as SVG with links on every node.

Items sit in one cluster per project. Blocked edges are red, edges a slip travels
along are orange and dashed, the critical path is thick and blue, each with an SVG
class (`blocked`, `slipped`, `critical`) so pages and tests can find them. Every label
is escaped as HTML (Graphviz HTML-like labels), so note text stays text.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable

import graphviz

from charts.figures import clip
from coordination.dashboard.graph import DependencyGraph, GraphEdge, GraphNode

BLOCKED, SLIPPED, CRITICAL = "#c51b1b", "#e66101", "#1f78b4"
SAFE_LINK = re.compile(r"^https?://", re.IGNORECASE)
LABEL_WIDTH = 38


def _label(node: GraphNode, item_url: str, permalink: str | None) -> str:
    text = html.escape(clip(node.label, LABEL_WIDTH))
    notes = []
    if node.overdue:
        notes.append("overdue")
    if node.late_days:
        notes.append(f"{node.late_days}d late")
    rows = [f'<TR><TD HREF="{html.escape(item_url)}" TITLE="open the item">{text}</TD></TR>']
    if notes:
        rows.append(f'<TR><TD><FONT POINT-SIZE="9">{", ".join(notes)}</FONT></TD></TR>')
    if permalink and SAFE_LINK.match(permalink):
        rows.append(
            f'<TR><TD HREF="{html.escape(permalink)}" TITLE="source thread">'
            '<FONT POINT-SIZE="9" COLOR="#1f78b4">source thread ↗</FONT></TD></TR>'
        )
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="2">{"".join(rows)}</TABLE>>'


def _edge_attrs(edge: GraphEdge) -> dict[str, str]:
    classes = [edge.kind] + (["critical"] if edge.critical else [])
    attrs = {"class": " ".join(classes), "penwidth": "1.2", "color": "#555555"}
    if edge.kind == "blocked":
        label = "blocked" + (f" (need by {edge.need_by})" if edge.need_by else "")
        attrs.update(color=BLOCKED, penwidth="2.5", label=label, fontcolor=BLOCKED)
    elif edge.kind == "slipped":
        attrs.update(color=SLIPPED, penwidth="2.2", style="dashed", label="slip", fontcolor=SLIPPED)
    if edge.critical:
        attrs["penwidth"] = "4"
        if edge.kind == "open":
            attrs["color"] = CRITICAL
    return attrs


def dependency_svg(
    graph: DependencyGraph,
    *,
    item_url: Callable[[int], str],
    project_url: Callable[[int], str],
) -> str:
    """Inline-able SVG (no XML prolog); an empty string when there is nothing to draw."""
    if not graph.edges:
        return ""
    dot = graphviz.Digraph(
        graph_attr={
            "rankdir": "LR",
            "fontname": "DejaVu Sans",
            "fontsize": "10",
            "nodesep": "0.25",
            "ranksep": "0.6",
        },
        node_attr={
            "fontname": "DejaVu Sans",
            "fontsize": "10",
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "white",
            "margin": "0.05",
        },
        edge_attr={"fontname": "DejaVu Sans", "fontsize": "9"},
    )
    by_project: dict[int | None, list[GraphNode]] = defaultdict(list)
    for node in graph.nodes:
        by_project[node.project_id].append(node)
    for project_id, nodes in by_project.items():
        name = graph.projects.get(project_id, "no project") if project_id else "no project"
        with dot.subgraph(name=f"cluster_{project_id or 0}") as cluster:
            cluster.attr(label=name, style="rounded", color="#999999", fontcolor="#333333")
            for node in nodes:
                _add_node(cluster, node, item_url, project_url)
    for edge in graph.edges:
        up, down = (f"{r.kind}{r.id}" for r in (edge.upstream, edge.downstream))
        dot.edge(up, down, **_edge_attrs(edge))
    svg = dot.pipe(format="svg", engine="dot", encoding="utf-8")
    return svg[svg.index("<svg") :]


def _add_node(
    cluster: graphviz.Digraph,
    node: GraphNode,
    item_url: Callable[[int], str],
    project_url: Callable[[int], str],
) -> None:
    classes = ["critical"] if node.critical else []
    if node.ref.kind == "project":
        cluster.node(
            node.key,
            label=f"<<B>{html.escape(clip(node.label, LABEL_WIDTH))}</B><BR/>(whole project)>",
            URL=project_url(node.ref.id),
            target="_top",
            shape="folder",
            fillcolor="#eeeeee",
            tooltip="every open item of the project",
        )
        return
    attrs = {"class": " ".join(["item", *classes])}
    if node.critical:
        attrs.update(color=CRITICAL, penwidth="3")
    if node.overdue or node.late_days:
        attrs["fillcolor"] = "#fde0dd"
    cluster.node(node.key, label=_label(node, item_url(node.ref.id), node.permalink), **attrs)
