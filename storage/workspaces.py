"""Workspaces are created on first use: by the CLI for `local`, by Slack on install."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from storage.models import Workspace
from storage.unique import insert_new_key, insert_unique


def ensure_workspace(session: Session, *, team_id: str, now: datetime, name: str = "") -> Workspace:
    """Two first requests of a new workspace may race to insert it; the loser reads the
    winner's row."""
    workspace = session.get(Workspace, team_id)
    if workspace is not None:
        return workspace
    workspace = Workspace(team_id=team_id, name=name, created_at=now)
    if insert_unique(session, workspace):
        return workspace
    return session.get(Workspace, team_id, populate_existing=True)


WORKSPACES = Workspace.__table__
INSTALLED_AT = select(
    WORKSPACES.c.enterprise_id, WORKSPACES.c.is_enterprise_install, WORKSPACES.c.uninstalled_at
).where(WORKSPACES.c.team_id == bindparam("team_id"))
REINSTALLED = (
    update(WORKSPACES).where(WORKSPACES.c.team_id == bindparam("team")).values(uninstalled_at=None)
)


def record_installation(
    session: Session,
    *,
    team_id: str,
    enterprise_id: str | None,
    is_enterprise_install: bool,
    now: datetime,
) -> None:
    """What a request from Slack says about where the workspace's token is installed.
    A request from the workspace also means it has the app again after an uninstall.
    Runs before every ack, so it reads three columns with a statement built once (no
    ORM object) and writes only when something changed: the usual request costs one
    small SELECT."""
    connection = session.connection()
    stored = connection.execute(INSTALLED_AT, {"team_id": team_id}).first()
    wanted = {"enterprise_id": enterprise_id, "is_enterprise_install": is_enterprise_install}
    if stored is None:
        values = {**wanted, "team_id": team_id, "created_at": now}
        if insert_new_key(session, WORKSPACES, values) is not None:
            return
    elif tuple(stored) == (enterprise_id, is_enterprise_install, None):
        return
    connection.execute(REINSTALLED, {**wanted, "team": team_id})


def mark_uninstalled(
    session: Session, *, team_id: str | None, enterprise_id: str | None, now: datetime
) -> list[str]:
    """The workspace (or, for an org-wide install, every workspace of the org) that lost
    the app; returns their team ids."""
    if team_id is not None:
        where = col(Workspace.team_id) == team_id
    else:
        where = (col(Workspace.enterprise_id) == enterprise_id) & col(
            Workspace.is_enterprise_install
        )
    teams = list(session.exec(select(Workspace.team_id).where(where)))
    if teams:
        session.execute(
            update(Workspace).where(col(Workspace.team_id).in_(teams)).values(uninstalled_at=now)
        )
    return teams


def installed_team_ids(session: Session) -> list[str]:
    """Workspaces the bot may send to."""
    statement = select(Workspace.team_id).where(col(Workspace.uninstalled_at).is_(None))
    return list(session.exec(statement.order_by(Workspace.team_id)))


def uninstalled(session: Session, *, team_ids: Collection[str]) -> set[str]:
    if not team_ids:
        return set()
    statement = select(Workspace.team_id).where(
        col(Workspace.team_id).in_(list(team_ids)), col(Workspace.uninstalled_at).is_not(None)
    )
    return set(session.exec(statement))
