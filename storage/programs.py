"""Programs and their projects. Every function takes the team id: no query crosses tenants."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from storage.models import Program, Project
from storage.names import project_named


def get_program(session: Session, *, team_id: str, name: str) -> Program | None:
    statement = select(Program).where(
        Program.team_id == team_id, func.lower(Program.name) == name.lower()
    )
    return session.exec(statement).first()


def get_program_by_id(session: Session, *, team_id: str, program_id: int) -> Program | None:
    statement = select(Program).where(Program.team_id == team_id, Program.id == program_id)
    return session.exec(statement).first()


def list_programs(session: Session, *, team_id: str) -> list[Program]:
    statement = select(Program).where(Program.team_id == team_id).order_by(Program.name)
    return list(session.exec(statement))


def add_program(session: Session, *, team_id: str, now: datetime, **fields: object) -> Program:
    program = Program(team_id=team_id, created_at=now, **fields)
    session.add(program)
    session.flush()
    return program


def list_projects(session: Session, *, team_id: str, program_id: int) -> list[Project]:
    statement = (
        select(Project)
        .where(Project.team_id == team_id, Project.program_id == program_id)
        .order_by(Project.name)
    )
    return list(session.exec(statement))


def add_project(
    session: Session, *, team_id: str, program_id: int, now: datetime, **fields: object
) -> Project:
    project = Project(team_id=team_id, program_id=program_id, created_at=now, **fields)
    session.add(project)
    session.flush()
    return project


def find_project(
    session: Session, *, team_id: str, name: str, program_id: int | None = None
) -> Project | None:
    """By name or alias, ignoring case; within one program when given."""
    statement = select(Project).where(Project.team_id == team_id)
    if program_id is not None:
        statement = statement.where(Project.program_id == program_id)
    return project_named(session.exec(statement), name)


def programs_of_every_team(session: Session) -> list[Program]:
    """For the scheduler, which works for every workspace in the database; anything
    serving a request uses the team-scoped queries above."""
    return list(session.exec(select(Program).order_by(Program.team_id, Program.id)))
