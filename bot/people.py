"""Slack users as Persons: looked up once with users.info, then served from storage.

The Person row caches the display name and timezone that reminders and due dates need;
someone first known only by name from notes is linked to their Slack id here.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlmodel import Session

from coordination.errors import UserError
from storage.db import session_scope
from storage.models import Person
from storage.people import get_person_by_name, get_person_by_slack_id
from storage.unique import insert_unique

INVISIBLE_USER_ERRORS = frozenset({"user_not_found", "user_not_visible", "account_inactive"})


def person_for_user(
    engine: Engine, client: WebClient, *, team_id: str, user_id: str, now: datetime
) -> Person:
    """`now` stamps the Person row when this is the first time the user is seen."""
    with session_scope(engine) as session:
        cached = get_person_by_slack_id(session, team_id=team_id, slack_user_id=user_id)
        if cached is not None:
            return cached
    profile = _lookup(client, user_id)
    with session_scope(engine) as session:
        return _store(session, team_id, user_id, profile, now)


def _lookup(client: WebClient, user_id: str) -> dict:
    try:
        return client.users_info(user=user_id)["user"]
    except SlackApiError as error:
        if error.response.get("error") in INVISIBLE_USER_ERRORS:
            raise UserError(
                f"I can't see user <@{user_id}> (they may be in another workspace or "
                "deactivated), so I can't assign work to them."
            ) from error
        raise


def _display_name(user: dict) -> str:
    profile = user.get("profile") or {}
    return profile.get("display_name") or profile.get("real_name") or user.get("name") or user["id"]


def _store(session: Session, team_id: str, user_id: str, user: dict, now: datetime) -> Person:
    """Another worker may store the same user at the same moment: the unique Slack id
    decides, and the loser reads the winner's row."""
    existing = get_person_by_slack_id(session, team_id=team_id, slack_user_id=user_id)
    if existing is not None:
        return existing
    name = _display_name(user)
    timezone = user.get("tz") or "UTC"
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
    return get_person_by_slack_id(session, team_id=team_id, slack_user_id=user_id)
