"""Declaring dependencies between items and projects, refusing ones that close a cycle."""

from __future__ import annotations

import re
from datetime import date, datetime

from sqlmodel import Session, select

from coordination.analysis import Edge, NodeRef, find_cycle
from coordination.analysis.labels import Labels
from coordination.errors import UserError
from coordination.program_view.facts import load_program_facts
from storage.items import get_item
from storage.models import Dependency, Program
from storage.programs import find_project
from storage.statuses import DEPENDENCY_STATUSES

_ITEM_REF = re.compile(r"^(?:item:|#)(\d+)$")


def parse_node(session: Session, *, program: Program, text: str) -> NodeRef:
    """'#12' or 'item:12' is an item; anything else names a project (or its alias)."""
    found = _ITEM_REF.match(text.strip())
    if found:
        item = get_item(session, team_id=program.team_id, item_id=int(found.group(1)))
        if item is None or item.program_id != program.id:
            raise UserError(f"item #{found.group(1)} is not in program {program.name!r}.")
        return NodeRef.item(item.id)
    project = find_project(session, team_id=program.team_id, name=text, program_id=program.id)
    if project is None:
        raise UserError(f"{text!r} is neither an item (#12) nor a project of {program.name!r}.")
    return NodeRef.project(project.id)


def describe_cycle(cycle: list[NodeRef], labels: Labels) -> str:
    names = [labels.task(n.id) if n.kind == "item" else labels.project(n.id) for n in cycle]
    return " -> ".join(names)


def add_dependency(
    session: Session,
    *,
    program: Program,
    upstream: NodeRef,
    downstream: NodeRef,
    now: datetime,
    need_by: date | None = None,
    blocked: bool = False,
    description: str = "",
) -> Dependency:
    """`downstream` waits on `upstream`. Refused, with the loop named, if it closes a cycle."""
    facts = load_program_facts(session, program=program)
    candidate = Edge(id=-1, upstream=upstream, downstream=downstream, status="open")
    cycle = find_cycle(facts.edges, candidate, facts.items)
    if cycle is not None:
        labels = Labels.of(facts.items, facts.projects, facts.people)
        raise UserError(
            f"refused: this dependency closes a cycle: {describe_cycle(cycle, labels)}."
        )
    edge = Dependency(
        team_id=program.team_id,
        program_id=program.id,
        upstream_item_id=upstream.id if upstream.kind == "item" else None,
        upstream_project_id=upstream.id if upstream.kind == "project" else None,
        downstream_item_id=downstream.id if downstream.kind == "item" else None,
        downstream_project_id=downstream.id if downstream.kind == "project" else None,
        status="blocked" if blocked else "open",
        need_by=need_by,
        description=description,
        created_at=now,
    )
    session.add(edge)
    session.flush()
    return edge


def set_dependency_status(
    session: Session, *, team_id: str, dependency_id: int, status: str
) -> Dependency:
    if status not in DEPENDENCY_STATUSES:
        raise UserError(f"status must be one of {', '.join(DEPENDENCY_STATUSES)}.")
    statement = select(Dependency).where(
        Dependency.team_id == team_id, Dependency.id == dependency_id
    )
    edge = session.exec(statement).first()
    if edge is None:
        raise UserError(f"dependency #{dependency_id} does not exist.")
    edge.status = status
    session.add(edge)
    return edge
