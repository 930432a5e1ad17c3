"""Items typed by a person (`/followthrough add`), not extracted: stated facts, full confidence."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from coordination.errors import UserError
from coordination.ingest.text_match import task_key
from storage.items import add_item, record_change
from storage.models import ActionItem, Person, Program
from storage.programs import find_project


def add_manual_item(
    session: Session,
    *,
    program: Program,
    task: str,
    owner: Person,
    due: date | None,
    project_name: str | None,
    actor: str,
    now: datetime,
) -> ActionItem:
    project_id = None
    if project_name:
        project = find_project(
            session, team_id=program.team_id, name=project_name, program_id=program.id
        )
        if project is None:
            raise UserError(f"there is no project {project_name!r} in {program.name}.")
        project_id = project.id
    item = add_item(
        session,
        team_id=program.team_id,
        now=now,
        program_id=program.id,
        project_id=project_id,
        owner_id=owner.id,
        owner_names=[owner.display_name],
        task=task,
        task_key=task_key(task),
        due_date=due,
        confidence=1.0,
    )
    record_change(
        session, item=item, field="created", old=None, new="open", changed_by=actor, now=now
    )
    return item
