"""Items as the people reading them see them: names instead of ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from storage.dependencies import dependencies_into_items
from storage.items import ItemFilter, items_by_ids, list_items
from storage.models import ActionItem, Dependency, Person, Project

_KIND_PREFIX = re.compile(r"^(?:blocked by|waiting on|depends on|after)\s+")
"""How notes' dependencies are described ('blocked by the tax tables'): the kind, then X."""


@dataclass(frozen=True)
class ItemView:
    id: int
    task: str
    status: str
    due: date | None
    owner: str | None
    owner_slack_id: str | None
    project: str | None
    program_id: int
    waits_on: tuple[str, ...] = ()
    quote: str | None = None
    """What the notes said, as written: the evidence beside the clean task."""
    """What the item waits on, as people read it: '#12 Ship the invoicing API (Billing)',
    'the Billing project', or the words of a dependency nothing was found for."""


def _by_id(session: Session, model: type, team_id: str, ids: set[int]) -> dict[int, object]:
    if not ids:
        return {}
    statement = select(model).where(model.team_id == team_id, col(model.id).in_(ids))
    return {row.id: row for row in session.exec(statement)}


def item_label(item: ActionItem, project: Project | None) -> str:
    """'#12 Ship the invoicing API (Billing)': an item as a dependency names it."""
    return f"#{item.id} {item.task}" + (f" ({project.name})" if project else "")


def _dependency_label(
    edge: Dependency, upstream: dict[int, ActionItem], projects: dict[int, object]
) -> str | None:
    """None when the wait is over: the upstream item is done or cancelled."""
    if edge.upstream_item_id is not None:
        item = upstream.get(edge.upstream_item_id)
        if item is None or item.status != "open":
            return None
        return item_label(item, projects.get(item.project_id) if item.project_id else None)
    if edge.upstream_project_id is not None:
        project = projects.get(edge.upstream_project_id)
        return f"the {project.name} project" if project else None
    return _KIND_PREFIX.sub("", edge.description) or None


def _waits_on(session: Session, team_id: str, items: list[ActionItem]) -> dict[int, list[str]]:
    """One query when nothing waits; three more at most when something does."""
    edges = [
        e
        for e in dependencies_into_items(session, team_id=team_id, item_ids={i.id for i in items})
        if e.status != "resolved"
    ]
    if not edges:
        return {}
    upstream_ids = {e.upstream_item_id for e in edges if e.upstream_item_id}
    upstream = {i.id: i for i in items_by_ids(session, team_id=team_id, item_ids=upstream_ids)}
    project_ids = {e.upstream_project_id for e in edges if e.upstream_project_id}
    project_ids |= {i.project_id for i in upstream.values() if i.project_id}
    projects = _by_id(session, Project, team_id, project_ids)
    found: dict[int, list[str]] = {}
    for edge in edges:
        label = _dependency_label(edge, upstream, projects)
        if label is not None:
            found.setdefault(edge.downstream_item_id, []).append(label)
    return found


def view_items(session: Session, items: list[ActionItem]) -> list[ItemView]:
    """A few lookups for the whole list, not one per item."""
    if not items:
        return []
    team_id = items[0].team_id
    people = _by_id(session, Person, team_id, {i.owner_id for i in items if i.owner_id})
    projects = _by_id(session, Project, team_id, {i.project_id for i in items if i.project_id})
    waits_on = _waits_on(session, team_id, items)
    views = []
    for item in items:
        owner = people.get(item.owner_id) if item.owner_id else None
        project = projects.get(item.project_id) if item.project_id else None
        views.append(
            ItemView(
                id=item.id,
                task=item.task,
                status=item.status,
                due=item.due_date,
                owner=owner.display_name if owner else (", ".join(item.owner_names) or None),
                owner_slack_id=owner.slack_user_id if owner else None,
                project=project.name if project else None,
                program_id=item.program_id,
                waits_on=tuple(waits_on.get(item.id, ())),
                quote=item.quote,
            )
        )
    return views


def find_items(session: Session, *, team_id: str, where: ItemFilter) -> list[ItemView]:
    return view_items(session, list_items(session, team_id=team_id, where=where))
