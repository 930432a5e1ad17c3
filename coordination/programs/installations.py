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
from storage.workspaces import mark_uninstalled

UNINSTALLED = "the workspace uninstalled Followthrough (or revoked its token)"


def end_installation(
    session: Session, *, team_id: str | None, enterprise_id: str | None, now: datetime
) -> list[str]:
    """`team_id` None means an org-wide install: every workspace of the org that had
    it. Returns the team ids that lost the app."""
    teams = mark_uninstalled(session, team_id=team_id, enterprise_id=enterprise_id, now=now)
    outbox.fail_pending(session, team_ids=teams, error=UNINSTALLED)
    return teams
