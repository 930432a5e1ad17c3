"""Which program a Slack channel's notes belong to.

The rule is deliberately short so people can predict it: the program whose digest
channel is this channel; else the workspace's only program; else, when the workspace
has none, a default program named after the workspace (created on first use); else
ask. It lives here, not in the bot, because the CLI and the Slack app must agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from coordination.errors import UserError
from coordination.programs.service import require_program
from storage.models import Program
from storage.programs import list_programs
from storage.unique import insert_unique
from storage.workspaces import ensure_workspace


@dataclass(frozen=True)
class ProgramChoice:
    program: Program
    created: bool = False


def program_for_channel(
    session: Session,
    *,
    team_id: str,
    channel_id: str | None,
    workspace_name: str,
    now: datetime,
) -> ProgramChoice:
    ensure_workspace(session, team_id=team_id, name=workspace_name, now=now)
    programs = list_programs(session, team_id=team_id)
    for program in programs:
        if channel_id and program.digest_channel == channel_id:
            return ProgramChoice(program)
    if len(programs) == 1:
        return ProgramChoice(programs[0])
    if not programs:
        return _default_program(session, team_id, workspace_name or "Default program", now)
    names = ", ".join(p.name for p in programs)
    raise UserError(
        f"this channel belongs to none of the programs ({names}). Make it one program's "
        "digest channel (`followthrough program add NAME --channel CHANNEL_ID`), or name "
        "the program: `/followthrough status PROGRAM`."
    )


def _default_program(session: Session, team_id: str, name: str, now: datetime) -> ProgramChoice:
    """Two first mentions in a new workspace may race to create it; the loser uses it."""
    program = Program(team_id=team_id, name=name, created_at=now)
    if insert_unique(session, program):
        return ProgramChoice(program, created=True)
    return ProgramChoice(require_program(session, team_id=team_id, name=name))
