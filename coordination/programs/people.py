"""People known by their Slack id: read from storage, stored the first time they are seen.

The edge looks the user up in Slack; this module decides how that profile becomes a
Person, including someone first known only by name from notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session

from storage.models import Person
from storage.people import get_person_by_name, get_person_by_slack_id, people_by_slack_id
from storage.unique import insert_unique


def person_with_slack_id(session: Session, *, team_id: str, user_id: str) -> Person | None:
    return get_person_by_slack_id(session, team_id=team_id, slack_user_id=user_id)


def people_with_slack_ids(
    session: Session, *, team_id: str, user_ids: Iterable[str]
) -> dict[str, Person]:
    """One query for a whole thread's speakers, keyed by Slack id."""
    return people_by_slack_id(session, team_id=team_id, slack_user_ids=user_ids)


def store_slack_person(
    session: Session, *, team_id: str, user_id: str, name: str, timezone: str, now: datetime
) -> Person:
    """Another worker may store the same user at the same moment: the unique Slack id
    decides, and the loser reads the winner's row. A person of that name without a
    Slack id is linked; one with another id keeps theirs, and this one gets the id in
    their name."""
    existing = person_with_slack_id(session, team_id=team_id, user_id=user_id)
    if existing is not None:
        return existing
    by_name = get_person_by_name(session, team_id=team_id, name=name)
    if by_name is not None and by_name.slack_user_id is None:
        by_name.slack_user_id, by_name.timezone = user_id, timezone
        session.add(by_name)
        return by_name
    if by_name is not None:
        name = f"{name} ({user_id})"
    person = Person(
        team_id=team_id,
        slack_user_id=user_id,
        display_name=name,
        timezone=timezone,
        created_at=now,
    )
    if insert_unique(session, person):
        return person
    return person_with_slack_id(session, team_id=team_id, user_id=user_id)
