"""How a job answers: once, whatever the number of times the job itself runs.

Channel replies go through send_once, keyed by the job id, so a job re-run after a crash
finds its reply already claimed (or already in Slack) and sends nothing. response_url
answers (slash commands, shortcuts) cannot be looked up in Slack afterwards, so they are
at most once: the claim is written first, and a post that fails is logged, not repeated.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.webhook import WebhookClient

from bot.deps import BotDeps
from bot.sending import Message, SendOutcome, send_once
from storage import deliveries
from storage.db import session_scope
from storage.models import Job

log = logging.getLogger(__name__)


def reply_once(deps: BotDeps, job: Job, message: Message, *, purpose: str = "reply") -> SendOutcome:
    return send_once(
        deps.engine,
        deps.client_for(job.team_id),
        team_id=job.team_id,
        key=f"{purpose}:{job.id}",
        kind=purpose,
        subject=f"job:{job.id}",
        message=message,
        clock=deps.clock,
    )


def respond_once(
    deps: BotDeps,
    job: Job,
    response_url: str,
    *,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    purpose: str = "reply",
) -> bool:
    now = deps.clock()
    payload = {"text": text, "blocks": blocks}
    with session_scope(deps.engine) as session:
        claim = deliveries.claim(
            session,
            team_id=job.team_id,
            key=f"{purpose}:{job.id}",
            kind=purpose,
            target="response_url",
            subject=f"job:{job.id}",
            payload=payload,
            now=now,
        )
    if claim is None:
        return False
    response = WebhookClient(response_url, timeout=10).send(
        text=text, blocks=blocks, response_type="ephemeral", replace_original=False
    )
    if response.status_code >= 300:
        log.warning(
            "response_url refused", extra={"job_id": job.id, "status": response.status_code}
        )
        return False
    with session_scope(deps.engine) as session:
        deliveries.mark_sent(session, delivery_id=claim.id, slack_ts=None, now=now)
    return True
