"""Workspaces are created on first use: by the CLI for `local`, by Slack on install."""

from __future__ import annotations

from sqlmodel import Session

from storage.models import Workspace


def ensure_workspace(session: Session, *, team_id: str, name: str = "") -> Workspace:
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(team_id=team_id, name=name)
        session.add(workspace)
        session.flush()
    return workspace
