"""Loading one program's facts from storage into the analysis's plain records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlmodel import Session

from coordination.analysis import (
    DueChange,
    Edge,
    ItemFacts,
    NodeRef,
    PersonFacts,
    ProjectFacts,
    RiskFacts,
)
from coordination.analysis.table import ItemTable, shared
from storage.models import Program, Project, Risk
from storage.program_rows import (
    dependency_rows,
    due_change_rows,
    item_rows,
    people_rows,
    project_rows,
    risk_rows,
)


@dataclass(frozen=True)
class ProgramFacts:
    program: Program
    items: ItemTable
    history: list[DueChange]
    edges: list[Edge]
    projects: list[ProjectFacts]
    people: list[PersonFacts]
    risks: list[RiskFacts]
    risk_explanations: dict[int, str]
    risk_keys: set[str]
    slack_ids: dict[int, str]


def _node(item_id: int | None, project_id: int | None) -> NodeRef | None:
    if item_id:
        return NodeRef.item(item_id)
    return NodeRef.project(project_id) if project_id else None


def _edge(row: Row[Any]) -> Edge | None:
    """None for a dependency kept only as words ('waiting on legal'): it has no node."""
    edge_id, up_item, up_project, down_item, down_project, status, need_by = row
    upstream, downstream = _node(up_item, up_project), _node(down_item, down_project)
    if upstream is None or downstream is None:
        return None
    return Edge(
        id=edge_id, upstream=upstream, downstream=downstream, status=status, need_by=need_by
    )


def _items(batches: Iterable[Sequence[Row[Any]]]) -> ItemTable:
    """Each batch transposed into columns (C-level `zip`) as it arrives, so no record
    is made per row; the owner becomes a one-owner tuple and statuses, dates, projects
    and owners repeat, so each distinct one is kept once."""
    columns: list[list[Any]] = [[] for _ in ItemFacts._fields]
    for batch in batches:
        if batch:
            for column, values in zip(columns, zip(*batch, strict=True), strict=True):
                column += values
    ids, projects, owners, tasks, statuses, dues, estimates, completed = columns
    return ItemTable.from_fields(
        (
            ids,
            shared(projects),
            map({o: (o,) if o else () for o in set(owners)}.__getitem__, owners),
            tasks,
            shared(statuses),
            shared(dues),
            estimates,
            completed,
        )
    )


def _history(rows: Sequence[Row[Any]]) -> list[DueChange]:
    """Unpacked by position, each distinct date text parsed once: a program's history
    has tens of thousands of changes over a few hundred dates."""
    parsed: dict[str | None, date | None] = {}

    def due(text: str | None) -> date | None:
        found = parsed.get(text)
        if found is None and text:
            found = parsed[text] = date.fromisoformat(text)
        return found

    return [
        DueChange(item_id=item_id, changed_at=changed_at, old_due=due(old), new_due=due(new))
        for item_id, changed_at, old, new in rows
    ]


def _projects(rows: list[Project]) -> list[ProjectFacts]:
    return [
        ProjectFacts(
            id=p.id,
            name=p.name,
            lead_id=p.lead_id,
            start=p.start_date,
            end=p.end_date,
            budget_planned=p.budget_planned,
            budget_spent=p.budget_spent,
        )
        for p in rows
    ]


def _risks(rows: list[Risk]) -> list[RiskFacts]:
    return [
        RiskFacts(
            id=r.id,
            scope=r.scope,
            title=r.title,
            likelihood=r.likelihood,
            impact=r.impact,
            status=r.status,
            previous_score=r.previous_score,
            created_at=r.created_at,
        )
        for r in rows
    ]


def load_program_facts(session: Session, *, program: Program) -> ProgramFacts:
    """Six queries, whatever the size of the program."""
    scope = {"team_id": program.team_id, "program_id": program.id}
    people = people_rows(session, **scope)
    risks = risk_rows(session, **scope)
    return ProgramFacts(
        program=program,
        items=_items(item_rows(session, **scope)),
        history=_history(due_change_rows(session, **scope)),
        edges=[e for e in map(_edge, dependency_rows(session, **scope)) if e is not None],
        projects=_projects(project_rows(session, **scope)),
        people=[
            PersonFacts(id=pid, name=name, weekly_capacity_days=days)
            for pid, name, days, _ in people
        ],
        risks=_risks(risks),
        risk_explanations={r.id: r.explanation for r in risks},
        risk_keys={r.dedupe_key for r in risks if r.dedupe_key},
        slack_ids={pid: slack for pid, _, _, slack in people if slack},
    )
