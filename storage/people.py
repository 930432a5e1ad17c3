"""People, looked up by Slack id or by any name they go by."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import Person
from storage.names import person_named


def list_people(session: Session, *, team_id: str) -> list[Person]:
    statement = select(Person).where(Person.team_id == team_id).order_by(Person.display_name)
    return list(session.exec(statement))


def get_person(session: Session, *, team_id: str, person_id: int) -> Person | None:
    statement = select(Person).where(Person.team_id == team_id, Person.id == person_id)
    return session.exec(statement).first()


def get_person_by_slack_id(session: Session, *, team_id: str, slack_user_id: str) -> Person | None:
    statement = select(Person).where(
        Person.team_id == team_id, Person.slack_user_id == slack_user_id
    )
    return session.exec(statement).first()


def get_person_by_name(session: Session, *, team_id: str, name: str) -> Person | None:
    return person_named(list_people(session, team_id=team_id), name)


def add_person(session: Session, *, team_id: str, now: datetime, **fields: object) -> Person:
    person = Person(team_id=team_id, created_at=now, **fields)
    session.add(person)
    session.flush()
    return person


def people_by_slack_id(
    session: Session, *, team_id: str, slack_user_ids: Iterable[str]
) -> dict[str, Person]:
    ids = set(slack_user_ids)
    if not ids:
        return {}
    statement = select(Person).where(Person.team_id == team_id, col(Person.slack_user_id).in_(ids))
    return {p.slack_user_id: p for p in session.exec(statement) if p.slack_user_id}
