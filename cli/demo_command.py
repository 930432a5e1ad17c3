"""`followthrough demo`: a small program, two meetings' notes, then its status.

It shows the whole flow on the embedded default (SQLite, rules extractor, no Slack)
and is safe to run twice: what exists is kept, notes already ingested are skipped.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from cli.context import CliContext
from cli.output import print_ingest_report
from cli.report_commands import status
from coordination.dates import local_date

if TYPE_CHECKING:
    from sqlmodel import Session


def _set_up(
    session: Session, team_id: str, spec: dict[str, Any], now: datetime, today: date
) -> None:
    from coordination.programs.service import (
        create_person,
        create_program,
        create_project,
        person_named,
        program_named,
        project_named,
    )

    program = program_named(session, team_id=team_id, name=spec["program"]["name"])
    if program is None:
        program = create_program(session, team_id=team_id, now=now, **spec["program"])
    for person in spec["people"]:
        if person_named(session, team_id=team_id, name=person["name"]) is None:
            create_person(
                session,
                team_id=team_id,
                now=now,
                display_name=person["name"],
                aliases=person["aliases"],
                weekly_capacity_days=person["capacity"],
            )
    for project in spec["projects"]:
        if project_named(session, team_id=team_id, name=project["name"], program_id=program.id):
            continue
        lead = person_named(session, team_id=team_id, name=project["lead"])
        starts, ends = project["window"]
        create_project(
            session,
            team_id=team_id,
            program_id=program.id,
            now=now,
            name=project["name"],
            aliases=project["aliases"],
            lead_id=lead.id if lead else None,
            start_date=today + timedelta(days=starts),
            end_date=today + timedelta(days=ends),
        )


def demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from importlib import resources  # with tempfile and zipfile: only the demo reads files

    from coordination.db import session_scope
    from coordination.ingest.service import SourceMeta, ingest_text

    demo_files = resources.files("cli") / "demo"
    spec = json.loads((demo_files / "program.json").read_text())
    now = ctx.clock()
    today = local_date(spec["program"]["timezone"], now)
    with session_scope(ctx.engine) as session:
        _set_up(session, ctx.team_id, spec, now, today)
    for meeting in spec["meetings"]:
        print(f"\n$ followthrough ingest {meeting['file']}")
        report = ingest_text(
            ctx.engine,
            team_id=ctx.team_id,
            program_name=spec["program"]["name"],
            text=(demo_files / meeting["file"]).read_text(),
            extractor=ctx.extractor("rules"),
            now=now,
            meeting_date=today - timedelta(days=meeting["days_ago"]),
            meta=SourceMeta(kind="notes", title=meeting["file"]),
        )
        print_ingest_report(report)
    print("\n$ followthrough status")
    status(argparse.Namespace(program=spec["program"]["name"], json=False, all=False), ctx)
    print("\nSee it in pictures: followthrough dashboard, then open http://127.0.0.1:8050/")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo", help="set up an example program, ingest two meetings' notes, show its status"
    )
    parser.add_argument("--now", help="ISO date-time to set the example up as of (default: now)")
    parser.set_defaults(handler=demo)
