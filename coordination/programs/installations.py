"""When a workspace loses the app (uninstalled, or its bot token revoked).

Its scheduled sends stop (the sweeps ask only workspaces that still have the app),
and sends already claimed for it are failed with the reason, so none is retried
against a token Slack no longer accepts. Its data stays: a reinstall picks up where
the workspace left off.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
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


Where = tuple[str, str | None, bool]
"""(team id, enterprise id, org-wide install): what a request says about its token."""
RECHECK_SECONDS = 60.0


@dataclass
class RecentlyNoted:
    """The installations this process wrote down (or found as written) lately, so the
    next request from the same place acks without asking the database again.

    Safe to trust for a minute: a request saying something else (a token moved to the
    org) is not in here and is noted; an uninstall handled here forgets the workspace
    at once; one handled by another replica is followed by no events from that
    workspace until it installs again, and an OAuth install notes itself. Slack's late
    retries of events sent before an uninstall no longer mark the workspace installed."""

    recheck_seconds: float = RECHECK_SECONDS
    _noted: dict[Where, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fresh(self, where: Where) -> bool:
        noted = self._noted.get(where)
        return noted is not None and time.monotonic() - noted < self.recheck_seconds

    def remember(self, where: Where) -> None:
        """Called once the transaction that noted `where` committed."""
        with self._lock:
            self._noted[where] = time.monotonic()

    def forget(self, team_ids: list[str]) -> None:
        with self._lock:
            for where in [w for w in self._noted if w[0] in team_ids]:
                del self._noted[where]


def is_uninstalled(session: Session, *, team_id: str) -> bool:
    return bool(uninstalled(session, team_ids=[team_id]))


def token_location(session: Session, *, team_id: str) -> tuple[str | None, bool]:
    """(enterprise id, org-wide install) as last recorded; (None, False) for a workspace
    never seen."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        return None, False
    return workspace.enterprise_id, bool(workspace.is_enterprise_install)
