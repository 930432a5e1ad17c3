"""Every dependency of a program with both ends named, for `dep list` and its export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from coordination.analysis import NodeRef
from coordination.items.views import item_label
from storage.dependencies import list_dependencies
from storage.items import items_by_ids
from storage.models import Dependency, Program
from storage.programs import list_projects


@dataclass(frozen=True)
class DependencyLine:
    """An end is None for a dependency kept only as words ('waiting on legal')."""

    id: int
    upstream: NodeRef | None
    upstream_label: str
    downstream: NodeRef | None
    downstream_label: str
    status: str
    need_by: date | None
    description: str


def _end(item_id: int | None, project_id: int | None) -> NodeRef | None:
    if item_id:
        return NodeRef.item(item_id)
    return NodeRef.project(project_id) if project_id else None


def dependency_lines(session: Session, *, program: Program) -> list[DependencyLine]:
    """Three queries: the dependencies, the items they name, the program's projects."""
    rows = list_dependencies(session, team_id=program.team_id, program_id=program.id)
    item_ids = {i for d in rows for i in (d.upstream_item_id, d.downstream_item_id) if i}
    items = {i.id: i for i in items_by_ids(session, team_id=program.team_id, item_ids=item_ids)}
    projects = {
        p.id: p for p in list_projects(session, team_id=program.team_id, program_id=program.id)
    }

    def label(ref: NodeRef | None, row: Dependency) -> str:
        if ref is None:
            return row.description or "unnamed"
        if ref.kind == "item":
            item = items.get(ref.id)
            if item is None:
                return f"#{ref.id}"
            return item_label(item, projects.get(item.project_id) if item.project_id else None)
        project = projects.get(ref.id)
        return project.name if project else f"project {ref.id}"

    lines = []
    for row in rows:
        up = _end(row.upstream_item_id, row.upstream_project_id)
        down = _end(row.downstream_item_id, row.downstream_project_id)
        lines.append(
            DependencyLine(
                id=row.id,
                upstream=up,
                upstream_label=label(up, row),
                downstream=down,
                downstream_label=label(down, row),
                status=row.status,
                need_by=row.need_by,
                description=row.description,
            )
        )
    return lines
