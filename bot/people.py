"""Slack users as Persons: looked up once with users.info, then served from storage.

The Person row caches the display name and timezone that reminders and due dates need;
someone first known only by name from notes is linked to their Slack id here. Only
people become Persons: users.info's `deleted` and `is_bot` keep deactivated accounts,
bots and the app itself out.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine
from sqlmodel import Session

from coordination.db import session_scope
from coordination.errors import UserError
from coordination.programs.people import person_with_slack_id, store_slack_person
from coordination.programs.records import Person

INVISIBLE_USER_ERRORS = frozenset({"user_not_found", "user_not_visible", "account_inactive"})
SLACKBOT = "USLACKBOT"


def person_for_user(
    engine: Engine, client: WebClient, *, team_id: str, user_id: str, now: datetime
) -> Person:
    """`now` stamps the Person row when this is the first time the user is seen."""
    with session_scope(engine) as session:
        cached = person_with_slack_id(session, team_id=team_id, user_id=user_id)
        if cached is not None:
            return cached
    profile = _lookup(client, user_id)
    with session_scope(engine) as session:
        return _store(session, team_id, user_id, profile, now)


def _lookup(client: WebClient, user_id: str) -> dict:
    """The user's profile, if they are someone work can be assigned to: deactivated
    accounts, bots and Slackbot (the app itself included) never become people."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as error:
        if error.response.get("error") in INVISIBLE_USER_ERRORS:
            raise UserError(
                f"I can't see user {user_id} (they may be in another workspace or "
                "deactivated), so I can't assign work to them."
            ) from error
        raise
    if user.get("deleted"):
        raise UserError(f"{_display_name(user)} has left the workspace, so I can't assign work.")
    if user.get("is_bot") or user_id == SLACKBOT:
        raise UserError(f"{_display_name(user)} is a bot, so I can't assign work to it.")
    return user


def _display_name(user: dict) -> str:
    profile = user.get("profile") or {}
    return profile.get("display_name") or profile.get("real_name") or user.get("name") or user["id"]


def _store(session: Session, team_id: str, user_id: str, user: dict, now: datetime) -> Person:
    name, timezone = _display_name(user), user.get("tz") or "UTC"
    return store_slack_person(
        session, team_id=team_id, user_id=user_id, name=name, timezone=timezone, now=now
    )
