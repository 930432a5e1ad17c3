"""The one thing a listener does before its ack: write the work down.

The event id (when Slack sent one) and the job go in one transaction, so a re-delivered
event finds its id taken and enqueues nothing, on any replica, after any restart.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.deps import BotDeps
from coordination.logs import log_context
from storage.db import session_scope
from storage.events import record_event
from storage.jobs import enqueue
from storage.workspaces import ensure_workspace

log = logging.getLogger(__name__)


def accept(
    deps: BotDeps,
    *,
    team_id: str,
    kind: str,
    payload: dict[str, Any],
    event_id: str | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """True when this request is new work; False for a re-delivery."""
    accepted = _record(deps, team_id, kind, payload, event_id, dedupe_key)
    if accepted:
        deps.work_enqueued.set()
    return accepted


def _record(
    deps: BotDeps,
    team_id: str,
    kind: str,
    payload: dict[str, Any],
    event_id: str | None,
    dedupe_key: str | None,
) -> bool:
    now = deps.clock()
    with log_context(event_id=event_id, team_id=team_id), session_scope(deps.engine) as session:
        ensure_workspace(session, team_id=team_id, now=now)
        if event_id and not record_event(session, team_id=team_id, event_id=event_id, now=now):
            log.info("duplicate delivery ignored", extra={"kind": kind})
            return False
        job = enqueue(
            session,
            team_id=team_id,
            kind=kind,
            payload={**payload, "event_id": event_id} if event_id else payload,
            now=now,
            dedupe_key=dedupe_key,
        )
        if job is None:
            return False
        session.flush()
        log.info("work accepted", extra={"kind": kind, "job_id": job.id})
        return True


def team_of(body: dict[str, Any]) -> str:
    """Events carry team_id at the top; interactivity and commands nest or flatten it."""
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    return team or (body.get("user") or {}).get("team_id", "")
