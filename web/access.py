"""Who may see which workspaces' programs: everyone local, or the signed-in person.

Sessions are Flask's signed cookies (itsdangerous): they hold the workspaces a person
signed in to and nothing secret. The Slack side of signing in (OpenID Connect through
slack_sdk) lives in `bot/signin.py` and reaches this module as a `SignIn`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from flask import session

SESSION_TEAMS = "teams"
SESSION_USER = "user"


@dataclass(frozen=True)
class Identity:
    """A person as Slack vouched for them: their user, and the one workspace they
    signed in to (OpenID Connect's `https://slack.com/team_id` claim)."""

    user_id: str
    name: str
    team_id: str
    team_name: str


class SignIn(Protocol):
    def authorize_url(self, *, state: str, nonce: str, redirect_uri: str) -> str: ...

    def identify(self, *, code: str, redirect_uri: str) -> Identity: ...


class Access(Protocol):
    sign_in: SignIn | None

    def team_ids(self) -> frozenset[str]: ...


@dataclass(frozen=True)
class LocalAccess:
    """`followthrough dashboard`: one person on 127.0.0.1, the CLI's workspace."""

    team_id: str
    sign_in: None = None

    def team_ids(self) -> frozenset[str]:
        return frozenset({self.team_id})


@dataclass(frozen=True)
class SignedInAccess:
    """Production: only the workspaces this browser's session signed in to."""

    sign_in: SignIn

    def team_ids(self) -> frozenset[str]:
        return frozenset(t["id"] for t in session.get(SESSION_TEAMS, []))


def remember(identity: Identity) -> None:
    """Adds the workspace to the session: signing in to a second workspace keeps the first."""
    teams = [t for t in session.get(SESSION_TEAMS, []) if t["id"] != identity.team_id]
    session[SESSION_TEAMS] = [*teams, {"id": identity.team_id, "name": identity.team_name}]
    session[SESSION_USER] = {"id": identity.user_id, "name": identity.name}
    session.permanent = True
