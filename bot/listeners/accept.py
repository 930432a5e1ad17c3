"""The one thing a listener does before its ack: write the work down.

The event id (when Slack sent one) and the job go in one transaction, so a re-delivered
event finds its id taken and enqueues nothing, on any replica, after any restart. The
same transaction notes where the workspace's token is installed (Enterprise Grid's
enterprise id and org-wide flag, as Bolt read them from the request), because the job
runs later, outside the request, and must find that token again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_bolt import BoltContext

from bot.deps import BotDeps
from bot.job_kinds import checked_payload
from coordination.db import session_scope
from coordination.jobs import enqueue_job, first_delivery
from coordination.logs import log_context
from coordination.programs.installations import note_installation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Origin:
    """Which workspace a request came from, and where its token is installed."""

    team_id: str
    enterprise_id: str | None = None
    is_enterprise_install: bool = False


def team_of(body: dict[str, Any]) -> str:
    """Events carry team_id at the top; interactivity and commands nest or flatten it
    (for org-wide installs the team can be null there, the user's team is not)."""
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    return team or (body.get("user") or {}).get("team_id", "")


def origin_of(context: BoltContext, body: dict[str, Any]) -> Origin:
    return Origin(
        team_id=team_of(body) or context.team_id or "",
        enterprise_id=context.enterprise_id,
        is_enterprise_install=bool(context.is_enterprise_install),
    )


def accept(
    deps: BotDeps,
    context: BoltContext,
    body: dict[str, Any],
    *,
    kind: str,
    payload: dict[str, Any],
    event_id: str | None = None,
    dedupe_key: str | None = None,
) -> bool:
    """True when this request is new work; False for a re-delivery. A payload that does
    not fit its kind raises `JobPayloadError` here, before anything is written."""
    if event_id:
        payload = {**payload, "event_id": event_id}
    payload = checked_payload(kind, payload)
    accepted = _record(deps, origin_of(context, body), kind, payload, event_id, dedupe_key)
    if accepted:
        deps.work_enqueued.set()
    return accepted


def _record(
    deps: BotDeps,
    origin: Origin,
    kind: str,
    payload: dict[str, Any],
    event_id: str | None,
    dedupe_key: str | None,
) -> bool:
    with log_context(event_id=event_id, team_id=origin.team_id):
        job_id = _written_down(deps, origin, kind, payload, event_id, dedupe_key)
        if job_id is None:
            log.info("duplicate delivery ignored", extra={"kind": kind})
            return False
        log.info("work accepted", extra={"kind": kind, "job_id": job_id})
        return True


def _written_down(
    deps: BotDeps,
    origin: Origin,
    kind: str,
    payload: dict[str, Any],
    event_id: str | None,
    dedupe_key: str | None,
) -> int | None:
    """The new job's id, committed; None for work already written down. Where the
    token lives is noted unless this process noted the same lately."""
    team_id, now = origin.team_id, deps.clock()
    where = (team_id, origin.enterprise_id, origin.is_enterprise_install)
    noted = deps.installations.fresh(where)
    with session_scope(deps.engine) as session:
        if not noted:
            note_installation(
                session,
                team_id=team_id,
                enterprise_id=origin.enterprise_id,
                is_enterprise_install=origin.is_enterprise_install,
                now=now,
            )
        job_id = None
        if not event_id or first_delivery(session, team_id=team_id, event_id=event_id, now=now):
            job_id = enqueue_job(
                session,
                team_id=team_id,
                kind=kind,
                payload=payload,
                now=now,
                dedupe_key=dedupe_key,
            )
    if not noted:
        deps.installations.remember(where)
    return job_id
