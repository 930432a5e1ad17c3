"""Workspaces are created on first use: by the CLI for `local`, by Slack on install."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from storage.models import Workspace
from storage.unique import insert_unique


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
