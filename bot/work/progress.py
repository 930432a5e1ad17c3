"""The :eyes: a mention got when it was taken, swapped for how the job ended.

:white_check_mark: once the answer is in the thread, :warning: when the answer is a
problem (or the job gave up). Reactions are a courtesy: a failure here is logged and
changes nothing else.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot import job_kinds
from bot.deps import BotDeps
from coordination.jobs import Job

log = logging.getLogger(__name__)

STARTED, DONE, PROBLEM = "eyes", "white_check_mark", "warning"
MARKED_KINDS = frozenset({job_kinds.THREAD, job_kinds.NOTES})
"""The jobs whose request got :eyes: (bot/listeners/mentions.py, shortcuts.py)."""


def show_result(deps: BotDeps, job: Job, *, ok: bool) -> None:
    channel, ts = job.payload.get("channel"), job.payload.get("ts")
    if job.kind not in MARKED_KINDS or not channel or not ts:
        return
    try:
        client = deps.client_for(job.team_id)
        client.reactions_add(channel=channel, timestamp=ts, name=DONE if ok else PROBLEM)
        client.reactions_remove(channel=channel, timestamp=ts, name=STARTED)
    except (SlackApiError, LookupError) as error:
        log.info("result reaction not shown", extra={"error": str(error)[:200]})
