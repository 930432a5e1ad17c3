"""Job kind -> handler, and what the user is told when a job gives up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import job_kinds
from bot.deps import BotDeps
from bot.job_kinds import CommandRequest, MessagePayload
from bot.replies import reply_once, respond_once
from bot.sending import Message
from bot.views.help import MENTION_HELP
from bot.views.mrkdwn import escape
from bot.work.commands import answer, run_command
from bot.work.files import run_file
from bot.work.home import run_home
from bot.work.items import run_item_action, run_item_edit, run_reaction
from bot.work.offered import run_track_offered
from bot.work.progress import show_result
from bot.work.threads import run_notes, run_thread
from coordination.db import session_scope
from coordination.errors import PermanentError
from coordination.jobs import Job
from coordination.programs.installations import UNINSTALLED, is_uninstalled
from coordination.worker import JobHandler

Runner = Callable[[BotDeps, Job, Any], None]
"""Called with the job and its payload as its kind's model (`job_kinds.PAYLOADS`)."""


def _mention_help(deps: BotDeps, job: Job, payload: MessagePayload) -> None:
    reply_once(deps, job, Message(payload.channel, MENTION_HELP, None, payload.thread_ts))


def _mention_status(deps: BotDeps, job: Job, payload: MessagePayload) -> None:
    """`@bot status` is `/followthrough status` answered in the thread."""
    command = CommandRequest(
        name="status",
        args={"program": payload.text},
        user=payload.user or "",
        channel=payload.channel,
    )
    text, blocks = answer(deps, job, command)
    reply_once(deps, job, Message(payload.channel, text, blocks, payload.thread_ts))


RUNNERS: dict[str, Runner] = {
    job_kinds.THREAD: run_thread,
    job_kinds.NOTES: run_notes,
    job_kinds.FILE: run_file,
    job_kinds.MENTION_HELP: _mention_help,
    job_kinds.MENTION_STATUS: _mention_status,
    job_kinds.COMMAND: run_command,
    job_kinds.ITEM_ACTION: run_item_action,
    job_kinds.ITEM_EDIT: run_item_edit,
    job_kinds.REACTION: run_reaction,
    job_kinds.HOME: run_home,
    job_kinds.TRACK_OFFERED: run_track_offered,
}


class WorkspaceGoneError(PermanentError):
    """The workspace uninstalled the app (or revoked its token) after this job was taken."""


def _gone(deps: BotDeps, team_id: str) -> bool:
    with session_scope(deps.engine) as session:
        return is_uninstalled(session, team_id=team_id)


def job_handlers(deps: BotDeps) -> dict[str, JobHandler]:
    """Each runner, given the job's payload read through its kind's model, unless the
    workspace no longer has the app: then the job fails at once, and nothing is tried
    against a token Slack revoked. A payload that no longer fits fails it at once too."""

    def handler(run: Runner) -> JobHandler:
        def handle(job: Job) -> None:
            if _gone(deps, job.team_id):
                raise WorkspaceGoneError(UNINSTALLED)
            payload = job_kinds.stored_payload(job.kind, job.id, job.payload)
            run(deps, job, payload)

        return handle

    return {kind: handler(run) for kind, run in RUNNERS.items()}


def report_exhausted(deps: BotDeps) -> Callable[[Job], None]:
    """Tells the user which request failed; the job keeps its input for `jobs retry`."""

    def report(job: Job) -> None:
        if _gone(deps, job.team_id):
            return
        show_result(deps, job, ok=False)
        tries = "try" if job.attempts == 1 else "tries"
        text = (
            f":x: I couldn't finish this request after {job.attempts} {tries} "
            f"({escape((job.last_error or 'unknown error')[:200])}). Nothing is lost: an admin "
            f"can retry it with `followthrough jobs retry {job.id}`."
        )
        purpose = (
            f"failed{job.attempts}-{job.finished_at:%Y%m%d%H%M%S}" if job.finished_at else "failed"
        )
        payload = job.payload
        if payload.get("response_url"):
            replace = job.kind == job_kinds.COMMAND  # the "Working on…" placeholder
            respond_once(
                deps, job, payload["response_url"], text=text, purpose=purpose, replace=replace
            )
        elif payload.get("channel") and payload.get("thread_ts"):
            message = Message(payload["channel"], text, None, payload["thread_ts"])
            reply_once(deps, job, message, purpose=purpose)
        elif payload.get("user"):
            reply_once(deps, job, Message(payload["user"], text), purpose=purpose)

    return report
