"""Programs, their projects and people: found by name, added once.

A program or person is added to its workspace (which is recorded the first time), and
a name already taken is refused rather than added twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from coordination.errors import UserError
from storage import people, programs
from storage.models import Person, Program, Project
from storage.workspaces import ensure_workspace


def programs_of_team(session: Session, *, team_id: str) -> list[Program]:
    return programs.list_programs(session, team_id=team_id)


def program_named(session: Session, *, team_id: str, name: str) -> Program | None:
    return programs.get_program(session, team_id=team_id, name=name)


def require_program(session: Session, *, team_id: str, name: str) -> Program:
    """A name that names no program is refused with the names that would have."""
    program = program_named(session, team_id=team_id, name=name)
    if program is None:
        known = ", ".join(p.name for p in programs_of_team(session, team_id=team_id)) or "none yet"
        raise UserError(f"unknown program {name!r} (known: {known}).")
    return program


def project_named(
    session: Session, *, team_id: str, name: str, program_id: int | None = None
) -> Project | None:
    """By name or alias, ignoring case; within one program when given."""
    return programs.find_project(session, team_id=team_id, name=name, program_id=program_id)


def person_named(session: Session, *, team_id: str, name: str) -> Person | None:
    return people.get_person_by_name(session, team_id=team_id, name=name)


def create_program(
    session: Session, *, team_id: str, now: datetime, name: str, **fields: object
) -> Program:
    ensure_workspace(session, team_id=team_id, now=now)
    if program_named(session, team_id=team_id, name=name):
        raise UserError(f"program {name!r} already exists.")
    return programs.add_program(session, team_id=team_id, now=now, name=name, **fields)


def create_project(
    session: Session, *, team_id: str, program_id: int, now: datetime, **fields: object
) -> Project:
    return programs.add_project(session, team_id=team_id, program_id=program_id, now=now, **fields)


def create_person(
    session: Session, *, team_id: str, now: datetime, display_name: str, **fields: object
) -> Person:
    ensure_workspace(session, team_id=team_id, now=now)
    if person_named(session, team_id=team_id, name=display_name):
        raise UserError(f"person {display_name!r} already exists.")
    return people.add_person(session, team_id=team_id, now=now, display_name=display_name, **fields)
