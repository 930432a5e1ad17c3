"""`/followthrough` subcommands that read or write data, answered through response_url.

Every answer is Block Kit (sections, lists cut to fit) with a short text for the
notification, and it replaces the "Working on…" placeholder the command was acked with.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from bot.deps import BotDeps
from bot.job_kinds import CommandPayload, CommandRequest
from bot.people import person_for_user
from bot.replies import respond_once
from bot.scheduling import post_digest
from bot.views.items import item_blocks
from bot.views.mine import MINE, mine_message
from bot.views.mrkdwn import escape
from bot.views.program import Answer, capacity_answer, deps_answer, risks_answer, status_answer
from bot.views.summary import notice, problem
from coordination.dashboard.links import program_page_url
from coordination.dates import local_date, resolve_due
from coordination.db import session_scope
from coordination.errors import UserError
from coordination.items.manual import add_manual_item
from coordination.items.my_work import my_open_items
from coordination.items.views import view_items
from coordination.jobs import Job
from coordination.program_view.view import ProgramView, build_program_view, local_today
from coordination.programs.channels import program_for_channel
from coordination.programs.records import Program
from coordination.programs.service import require_program
from coordination.risks.register import add_risk, update_risk

VIEW_ANSWERS: dict[str, Callable[[ProgramView], Answer]] = {
    "status": status_answer,
    "risks": risks_answer,
    "deps": deps_answer,
    "capacity": capacity_answer,
}


def _program(deps: BotDeps, job: Job, command: CommandRequest, session: Session) -> Program:
    name = command.args.get("program")
    if name:
        return require_program(session, team_id=job.team_id, name=name)
    return program_for_channel(
        session,
        team_id=job.team_id,
        channel_id=command.channel,
        workspace_name=deps.workspace_name(job.team_id),
        now=deps.clock(),
    ).program


def _program_answer(deps: BotDeps, job: Job, command: CommandRequest) -> Answer:
    now = deps.clock()
    with session_scope(deps.engine) as session:
        program = _program(deps, job, command, session)
        view = build_program_view(
            session, program=program, today=local_today(program, now), now=now
        )
    name = command.name
    if name == "status":
        return status_answer(view, page_url=program_page_url(deps.settings.public_url, program.id))
    return VIEW_ANSWERS[name](view)


def mine_answer(deps: BotDeps, team_id: str, user_id: str) -> Answer:
    """Also what an ephemeral `mine` list is redrawn with after a click on it."""
    client, now = deps.client_for(team_id), deps.clock()
    person = person_for_user(deps.engine, client, team_id=team_id, user_id=user_id, now=now)
    today = local_date(person.timezone, now)
    with session_scope(deps.engine) as session:
        items = my_open_items(session, team_id=team_id, person_id=person.id, today=today)
    return mine_message(items, today)


def _mine(deps: BotDeps, job: Job, command: CommandRequest) -> Answer:
    return mine_answer(deps, job.team_id, command.user)


def _add(deps: BotDeps, job: Job, command: CommandRequest) -> Answer:
    args, now = command.args, deps.clock()
    client = deps.client_for(job.team_id)
    owner = person_for_user(deps.engine, client, team_id=job.team_id, user_id=args["user"], now=now)
    with session_scope(deps.engine) as session:
        program = _program(deps, job, command, session)
        today = local_today(program, now)
        due, project = resolve_due(args["when"], today=today, timezone=program.timezone)
        item = add_manual_item(
            session,
            program=program,
            task=args["task"],
            owner=owner,
            due=due,
            project_name=project or None,
            actor=f"slack:{command.user}",
            now=now,
        )
        view = view_items(session, [item])[0]
    return f"Added #{view.id}.", item_blocks(view)


RISK_STATUS_OF = {"close": "closed", "mitigate": "mitigated", "reopen": "open"}


def _risk(deps: BotDeps, job: Job, command: CommandRequest) -> Answer:
    args, now = command.args, deps.clock()
    with session_scope(deps.engine) as session:
        if args["action"] == "add":
            risk = add_risk(
                session,
                program=_program(deps, job, command, session),
                title=args["title"],
                likelihood=int(args.get("likelihood", 3)),
                impact=int(args.get("impact", 3)),
                now=now,
            )
            return notice(f"Raised risk #{risk.id} (score {risk.likelihood * risk.impact}).")
        risk = update_risk(
            session,
            team_id=job.team_id,
            risk_id=int(args["id"]),
            now=now,
            likelihood=int(args["likelihood"]) if "likelihood" in args else None,
            impact=int(args["impact"]) if "impact" in args else None,
            status=RISK_STATUS_OF.get(args.get("status", "")),
        )
        return notice(f"Risk #{risk.id} is {risk.status}, score {risk.likelihood * risk.impact}.")


def _digest(deps: BotDeps, job: Job, command: CommandRequest) -> Answer:
    """This week's digest, posted now; the week's delivery key keeps it to one post."""
    with session_scope(deps.engine) as session:
        program = _program(deps, job, command, session)
    name = escape(program.name)
    outcome = post_digest(
        deps.engine,
        deps.client_for(job.team_id),
        program,
        deps.clock,
        public_url=deps.settings.public_url,
    )
    if outcome.status == "duplicate":
        return notice(f"This week's digest of *{name}* was already posted.")
    if outcome.status != "sent":
        return notice(f":warning: The digest could not be posted ({escape(outcome.error)}).")
    return notice(f"Posted the digest of *{name}* to <#{program.digest_channel}>.")


COMMANDS: dict[str, Callable[[BotDeps, Job, CommandRequest], Answer]] = {
    **dict.fromkeys(VIEW_ANSWERS, _program_answer),
    MINE: _mine,
    "add": _add,
    "risk": _risk,
    "digest": _digest,
}


def answer(deps: BotDeps, job: Job, command: CommandRequest) -> Answer:
    try:
        return COMMANDS[command.name](deps, job, command)
    except UserError as error:
        return notice(problem(error))


def run_command(deps: BotDeps, job: Job, payload: CommandPayload) -> None:
    text, blocks = answer(deps, job, payload)
    respond_once(deps, job, payload.response_url, text=text, blocks=blocks, replace=True)
