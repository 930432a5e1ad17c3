"""Dependencies found in notes, placed on the items, projects or words they name."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from coordination.analysis import (
    Edge,
    ItemFacts,
    NodeRef,
    find_cycle,
)
from coordination.analysis.labels import Labels
from coordination.dependencies.placement import place_dependency
from coordination.dependencies.register import describe_cycle
from coordination.program_view.facts import load_program_facts
from coordination.programs.directory import Directory
from extractors.models import ExtractedItem
from storage.dependencies import dependencies_into_items
from storage.models import ActionItem, Dependency, Source
from storage.programs import get_program_by_id


def _candidates(
    pairs: list[tuple[ExtractedItem, ActionItem]],
    open_items: list[ItemFacts],
    directory: Directory,
    now: datetime,
) -> list[Dependency]:
    """'blocked by X' as an edge X -> the item it was said of."""
    found = []
    for extracted_item, downstream in pairs:
        for dependency in extracted_item.dependencies:
            placed = place_dependency(dependency, open_items, directory, downstream.id)
            found.append(
                Dependency(
                    team_id=downstream.team_id,
                    program_id=downstream.program_id,
                    upstream_project_id=placed.project_id,
                    upstream_item_id=placed.item_id,
                    downstream_item_id=downstream.id,
                    status="blocked" if dependency.kind == "blocked_by" else "open",
                    description=f"{dependency.kind.replace('_', ' ')} {dependency.target}",
                    created_at=now,
                )
            )
    return found


def _identity(edge: Dependency) -> tuple[object, ...]:
    """The same words said of the same item are the same dependency, wherever it landed."""
    return (edge.downstream_item_id, edge.description)


def _as_edge(edge: Dependency) -> Edge | None:
    if edge.upstream_item_id is None and edge.upstream_project_id is None:
        return None
    upstream = (
        NodeRef.item(edge.upstream_item_id)
        if edge.upstream_item_id
        else NodeRef.project(edge.upstream_project_id)
    )
    return Edge(
        id=-1, upstream=upstream, downstream=NodeRef.item(edge.downstream_item_id), status="open"
    )


def _lands_better(known: Dependency, candidate: Dependency) -> bool:
    """Restated words that now name an item (or at least a project) move the edge there."""
    if candidate.upstream_item_id is not None:
        return known.upstream_item_id != candidate.upstream_item_id
    return known.upstream_item_id is None and (
        known.upstream_project_id is None and candidate.upstream_project_id is not None
    )


def _unplaced_warning(candidate: Dependency) -> str:
    return (
        f"'{candidate.description}' names no open item or project of the program; it is kept "
        "as written (link it with `followthrough dep add`)."
    )


def record_dependencies(
    session: Session,
    *,
    source: Source,
    pairs: list[tuple[ExtractedItem, ActionItem]],
    directory: Directory,
    now: datetime,
) -> list[str]:
    """Stores the dependencies the notes state; returns warnings for ones refused or unplaced.

    A dependency the notes restate is not stored twice, but moves to the item its words
    now name (the upstream item may come in later notes); one that would close a cycle
    is refused and named, as it is when added by hand. One whose upstream cannot be
    placed is kept with only its words, so the digest can show what the team waits on.
    """
    if not any(extracted.dependencies for extracted, _ in pairs):
        return []
    program = get_program_by_id(session, team_id=source.team_id, program_id=source.program_id)
    facts = load_program_facts(session, program=program)
    open_items = [item for item in facts.items if item.is_open]
    candidates = _candidates(pairs, open_items, directory, now)
    known = {
        _identity(edge): edge
        for edge in dependencies_into_items(
            session, team_id=source.team_id, item_ids={c.downstream_item_id for c in candidates}
        )
    }
    edges, warnings = list(facts.edges), []
    for candidate in candidates:
        before = known.get(_identity(candidate))
        if before is not None and not _lands_better(before, candidate):
            continue
        edge = _as_edge(candidate)
        if edge is not None and (cycle := find_cycle(edges, edge, facts.items)):
            labels = Labels.of(facts.items, facts.projects, facts.people)
            warnings.append(
                f"'{candidate.description}' was not recorded as a dependency: it would close "
                f"a cycle: {describe_cycle(cycle, labels)}."
            )
            continue
        if edge is None:
            warnings.append(_unplaced_warning(candidate))
        edges += [edge] if edge else []
        if before is not None:
            before.upstream_item_id = candidate.upstream_item_id
            before.upstream_project_id = candidate.upstream_project_id
            session.add(before)
            continue
        known[_identity(candidate)] = candidate
        session.add(candidate)
    session.flush()
    return warnings
