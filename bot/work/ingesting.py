"""Text in, items stored, one summary reply in the thread it came from."""

from __future__ import annotations

from datetime import datetime

from bot.deps import BotDeps
from bot.replies import reply_once
from bot.sending import Message
from bot.views.summary import notice, problem, summary_message
from bot.work.progress import show_result
from coordination.dates import local_date
from coordination.db import session_scope
from coordination.errors import UserError
from coordination.ingest.service import IngestReport, SourceMeta, ingest_text
from coordination.items.lookup import items_of_source
from coordination.items.messages import remember_message
from coordination.items.views import ItemView, view_items
from coordination.jobs import Job
from coordination.programs.channels import program_for_channel
from extractors.models import Utterance


def reply_notice(deps: BotDeps, job: Job, channel: str, thread_ts: str | None, text: str) -> None:
    message_text, blocks = notice(text)
    reply_once(deps, job, Message(channel, message_text, blocks, thread_ts))
    show_result(deps, job, ok=False)


def _open_views(deps: BotDeps, team_id: str, report: IngestReport) -> list[ItemView]:
    """The open items the notes hold: just stored, or stored by an earlier ingest."""
    with session_scope(deps.engine) as session:
        if report.already_ingested:
            rows = items_of_source(session, team_id=team_id, source_id=report.source_id)
        else:
            rows = [*report.created, *report.updated, *report.unchanged]
        return [v for v in view_items(session, list(rows)) if v.status == "open"]


def ingest_and_reply(
    deps: BotDeps,
    job: Job,
    *,
    text: str,
    meta: SourceMeta,
    channel: str,
    thread_ts: str | None,
    occurred_at: datetime,
    utterances: list[Utterance] | None = None,
) -> None:
    """`occurred_at` is when the thread or file was written; relative dates in it resolve
    against that day in the program's timezone."""
    team_id, now = job.team_id, deps.clock()
    try:
        with session_scope(deps.engine) as session:
            choice = program_for_channel(
                session,
                team_id=team_id,
                channel_id=channel,
                workspace_name=deps.workspace_name(team_id),
                now=now,
            )
        report = ingest_text(
            deps.engine,
            team_id=team_id,
            program_name=choice.program.name,
            text=text,
            extractor=deps.extractor,
            now=now,
            meeting_date=local_date(choice.program.timezone, occurred_at),
            meta=meta,
            utterances=utterances,
        )
    except UserError as error:
        reply_notice(deps, job, channel, thread_ts, problem(error))
        return
    views = _open_views(deps, team_id, report)
    message_text, blocks = summary_message(
        views,
        program=choice.program.name,
        created_program=choice.created,
        already=report.already_ingested,
        warnings=report.warnings,
        mentioned=report.mentioned,
    )
    outcome = reply_once(deps, job, Message(channel, message_text, blocks, thread_ts))
    if outcome.ts and views:
        with session_scope(deps.engine) as session:
            ids = [v.id for v in views]
            remember_message(session, team_id=team_id, item_ids=ids, channel=channel, ts=outcome.ts)
    show_result(deps, job, ok=True)
