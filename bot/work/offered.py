"""Tracking an offered item: store it, then answer in the thread with its buttons."""

from __future__ import annotations

from bot.deps import BotDeps
from bot.job_kinds import TrackOfferedPayload
from bot.replies import reply_once
from bot.sending import Message
from bot.views.items import describe, item_blocks
from bot.views.summary import problem
from bot.work.ingesting import reply_notice
from coordination.db import session_scope
from coordination.errors import UserError
from coordination.ingest.offered import read_offer, track_offer
from coordination.items.views import view_items
from coordination.jobs import Job
from coordination.programs.channels import program_for_channel


def run_track_offered(deps: BotDeps, job: Job, payload: TrackOfferedPayload) -> None:
    now = deps.clock()
    channel, thread_ts = payload.channel, payload.thread_ts
    try:
        offer = read_offer(payload.value)
        with session_scope(deps.engine) as session:
            choice = program_for_channel(
                session,
                team_id=job.team_id,
                channel_id=channel,
                workspace_name=deps.workspace_name(job.team_id),
                now=now,
            )
            item, new = track_offer(
                session, program=choice.program, offer=offer, actor=payload.user, now=now
            )
            (view,) = view_items(session, [item])
    except UserError as error:
        reply_notice(deps, job, channel, thread_ts, problem(error))
        return
    lead = f"<@{payload.user}> is tracking" if new else "Already tracked:"
    text = f"{lead} {describe(view)}"
    reply_once(deps, job, Message(channel, text, item_blocks(view), thread_ts))
