"""How a job answers: once, whatever the number of times the job itself runs, and
only counted as answered when the answer landed.

Channel replies go through the outbox's send_once, keyed by the job id, so a job re-run
after a crash finds its reply already claimed (or already in Slack) and sends nothing. A reply Slack
refuses for good fails the job at once (`ReplyFailedError`, with Slack's error as the
reason); one Slack could not take just now (rate limit, outage) makes the job try again
later (`ReplyPendingError`), and the re-run finishes that same claim.

response_url answers (slash commands, shortcuts) and ephemeral messages cannot be
looked up in Slack afterwards, so they are at most once: the claim is written first,
and a post that fails fails the job rather than risking a second answer.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.deps import BotDeps
from bot.sending import REFUSED_PAYLOAD, Message, WebApiSender, error_code
from bot.views.blockkit import fallback_text
from coordination import outbox
from coordination.db import session_scope
from coordination.errors import PermanentError
from coordination.jobs import Job
from coordination.outbox import Outgoing, SendOutcome
from coordination.outbox.records import Delivery

log = logging.getLogger(__name__)


class ReplyFailedError(PermanentError):
    """Slack refused the answer for good (the channel is gone, the token revoked…)."""


class ReplyPendingError(Exception):
    """The answer is claimed but not in Slack yet; the job runs again to finish it."""


def _sender(deps: BotDeps, team_id: str) -> WebApiSender:
    return WebApiSender(deps.engine, deps.client_for(team_id))


def landed(outcome: SendOutcome, what: str) -> SendOutcome:
    if outcome.status == "failed":
        raise ReplyFailedError(f"Slack refused the {what}: {outcome.error}")
    if outcome.status != "sent":
        raise ReplyPendingError(f"the {what} is not in Slack yet ({outcome.error or 'queued'})")
    return outcome


def reply_once(deps: BotDeps, job: Job, message: Message, *, purpose: str = "reply") -> SendOutcome:
    """Posts the job's answer (a thread reply or a DM); returns once it is in Slack."""
    key = f"{purpose}:{job.id}"
    outcome = outbox.send_once(
        deps.engine,
        _sender(deps, job.team_id),
        team_id=job.team_id,
        outgoing=Outgoing(
            key=key,
            kind=purpose,
            target=message.channel,
            subject=f"job:{job.id}",
            payload=message.as_payload(),
        ),
        clock=deps.clock,
    )
    if outcome.status == "duplicate":
        outcome = outbox.resume(
            deps.engine, _sender(deps, job.team_id), team_id=job.team_id, key=key, clock=deps.clock
        )
    return landed(outcome, purpose)


def _claim(
    deps: BotDeps, job: Job, purpose: str, target: str, payload: dict[str, Any]
) -> Delivery | None:
    outgoing = Outgoing(
        key=f"{purpose}:{job.id}",
        kind=purpose,
        target=target,
        subject=f"job:{job.id}",
        payload=payload,
    )
    with session_scope(deps.engine) as session:
        return outbox.claim(session, team_id=job.team_id, outgoing=outgoing, now=deps.clock())


def _settle(deps: BotDeps, delivery_id: int, error: str | None, ts: str | None = None) -> None:
    outbox.settle_at_most_once(
        deps.engine, delivery_id=delivery_id, now=deps.clock(), ts=ts, error=error
    )


def _post_response(url: str, text: str, blocks: list[dict] | None, replace: bool) -> str | None:
    """Slack's error for a response_url post, or None once it landed; blocks Slack
    refuses are sent again as their text alone."""
    client = WebhookClient(url, timeout=10)
    body = {"text": fallback_text(text), "response_type": "ephemeral", "replace_original": replace}
    try:
        response = client.send(**body, blocks=blocks)
        if response.status_code >= 300 and blocks and response.body.strip() in REFUSED_PAYLOAD:
            log.warning("response blocks refused, sent as text", extra={"error": response.body})
            response = client.send(**body)
    except OSError as error:
        return f"unreachable: {error}"
    if response.status_code >= 300:
        return f"response_url answered {response.status_code} {response.body[:200]}".strip()
    return None


def respond_once(
    deps: BotDeps,
    job: Job,
    response_url: str,
    *,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
    purpose: str = "reply",
    replace: bool = False,
) -> None:
    """Answers through the request's response_url, at most once; `replace` replaces the
    message the request came from (a slash command's "Working on…", an ephemeral
    message whose button was clicked)."""
    claim = _claim(deps, job, purpose, "response_url", {"text": text, "blocks": blocks})
    if claim is None:
        return
    error = _post_response(response_url, text, blocks, replace)
    _settle(deps, claim.id, error)
    if error:
        raise ReplyFailedError(f"Slack refused the {purpose}: {error}")


def whisper_once(
    deps: BotDeps, job: Job, *, channel: str, user: str, text: str, thread_ts: str | None = None
) -> None:
    """An ephemeral message only `user` sees, at most once (Slack keeps no copy of an
    ephemeral message that a retry could look for)."""
    payload = {"channel": channel, "user": user, "text": text, "thread_ts": thread_ts}
    claim = _claim(deps, job, "whisper", user, payload)
    if claim is None:
        return
    try:
        response = deps.client_for(job.team_id).chat_postEphemeral(
            channel=channel, user=user, text=fallback_text(text), thread_ts=thread_ts
        )
    except SlackApiError as error:
        _settle(deps, claim.id, error_code(error) or str(error))
        raise ReplyFailedError(f"Slack refused the private answer: {error_code(error)}") from error
    _settle(deps, claim.id, None, response.get("message_ts"))
