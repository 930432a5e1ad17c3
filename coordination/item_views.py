"""Items as the people reading them see them: names instead of ids."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from storage.items import ItemFilter, list_items
from storage.models import ActionItem, Person, Project


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


def _by_id(session: Session, model: type, team_id: str, ids: set[int]) -> dict[int, object]:
    if not ids:
        return {}
    statement = select(model).where(model.team_id == team_id, col(model.id).in_(ids))
    return {row.id: row for row in session.exec(statement)}


def view_items(session: Session, items: list[ActionItem]) -> list[ItemView]:
    """Two lookups for the whole list, not one per item."""
    if not items:
        return []
    team_id = items[0].team_id
    people = _by_id(session, Person, team_id, {i.owner_id for i in items if i.owner_id})
    projects = _by_id(session, Project, team_id, {i.project_id for i in items if i.project_id})
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
            )
        )
    return views


def find_items(session: Session, *, team_id: str, where: ItemFilter) -> list[ItemView]:
    return view_items(session, list_items(session, team_id=team_id, where=where))
