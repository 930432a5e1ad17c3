"""When a workspace loses the app (uninstalled, or its bot token revoked).

Its scheduled sends stop (the sweeps ask only workspaces that still have the app),
and sends already claimed for it are failed with the reason, so none is retried
against a token Slack no longer accepts. Its data stays: a reinstall picks up where
the workspace left off.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from coordination import outbox
from storage.models import Workspace
from storage.workspaces import mark_uninstalled, record_installation, uninstalled

UNINSTALLED = "the workspace uninstalled Followthrough (or revoked its token)"


def end_installation(
    session: Session, *, team_id: str | None, enterprise_id: str | None, now: datetime
) -> list[str]:
    """`team_id` None means an org-wide install: every workspace of the org that had
    it. Returns the team ids that lost the app."""
    teams = mark_uninstalled(session, team_id=team_id, enterprise_id=enterprise_id, now=now)
    outbox.fail_pending(session, team_ids=teams, error=UNINSTALLED)
    return teams


def note_installation(
    session: Session,
    *,
    team_id: str,
    enterprise_id: str | None,
    is_enterprise_install: bool,
    now: datetime,
) -> None:
    """Where a request says the workspace's token lives (jobs and sweeps ask the
    installation store with it); a request from the workspace also means it has the app."""
    record_installation(
        session,
        team_id=team_id,
        enterprise_id=enterprise_id,
        is_enterprise_install=is_enterprise_install,
        now=now,
    )


def is_uninstalled(session: Session, *, team_id: str) -> bool:
    return bool(uninstalled(session, team_ids=[team_id]))


def token_location(session: Session, *, team_id: str) -> tuple[str | None, bool]:
    """(enterprise id, org-wide install) as last recorded; (None, False) for a workspace
    never seen."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        return None, False
    return workspace.enterprise_id, bool(workspace.is_enterprise_install)
