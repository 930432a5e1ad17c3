"""Items found by id, by the notes they came from, or by what a person asks for."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from coordination.errors import UserError
from coordination.items.views import ItemView, find_items
from coordination.programs.service import person_named, project_named, require_program
from storage.items import ItemFilter, get_item, items_by_ids
from storage.models import ActionItem


def require_item(session: Session, *, team_id: str, item_id: int) -> ActionItem:
    item = get_item(session, team_id=team_id, item_id=item_id)
    if item is None:
        raise UserError(f"item #{item_id} does not exist (it may have been removed).")
    return item


def items_with_ids(session: Session, *, team_id: str, item_ids: Iterable[int]) -> list[ActionItem]:
    """One query however many ids; ids of another workspace find nothing."""
    return items_by_ids(session, team_id=team_id, item_ids=item_ids)


def items_of_source(session: Session, *, team_id: str, source_id: int) -> list[ActionItem]:
    """Every item a source produced, for notes ingested before."""
    statement = select(ActionItem).where(
        ActionItem.team_id == team_id, ActionItem.source_id == source_id
    )
    return list(session.exec(statement))


def items_asked_for(
    session: Session,
    *,
    team_id: str,
    program: str | None = None,
    owner: str | None = None,
    project: str | None = None,
    status: str | None = None,
) -> list[ItemView]:
    """`followthrough items`: the filters are names as typed; an unknown one is refused
    by name rather than matching nothing."""
    program_id = owner_id = project_id = None
    if program:
        program_id = require_program(session, team_id=team_id, name=program).id
    if owner:
        person = person_named(session, team_id=team_id, name=owner)
        if person is None:
            raise UserError(f"unknown person {owner!r}.")
        owner_id = person.id
    if project:
        found = project_named(session, team_id=team_id, name=project, program_id=program_id)
        if found is None:
            raise UserError(f"unknown project {project!r}.")
        project_id = found.id
    where = ItemFilter(
        program_id=program_id, owner_id=owner_id, project_id=project_id, status=status
    )
    return find_items(session, team_id=team_id, where=where)
