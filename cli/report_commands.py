"""Commands that report on what is tracked."""

from __future__ import annotations

import argparse
import sys

from cli.context import CliContext
from cli.output import LINES_PER_SECTION, print_items, print_json, print_quotes
from coordination.errors import UserError
from coordination.statuses import ITEM_STATUSES


def items(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.items.lookup import items_asked_for
    from coordination.program_view.exports import items_csv, items_json
    from coordination.program_view.view import local_today
    from coordination.programs.service import programs_of_team

    with session_scope(ctx.engine) as session:
        found = items_asked_for(
            session,
            team_id=ctx.team_id,
            program=args.program,
            owner=args.owner,
            project=args.project,
            status=args.status,
        )
        now = ctx.clock()
        today_of = {
            p.id: local_today(p, now) for p in programs_of_team(session, team_id=ctx.team_id)
        }
    if args.json:
        print_json(items_json(found, today_of))
    elif args.csv:
        sys.stdout.write(items_csv(found, today_of))
    elif args.quotes:
        print_quotes(found)
    else:
        print_items(found)
    return 0


def status(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.status_output import print_program_view
    from coordination.db import session_scope
    from coordination.program_view.exports import status_json
    from coordination.program_view.view import build_program_view, local_today
    from coordination.programs.service import programs_of_team, require_program

    now = ctx.clock()
    with session_scope(ctx.engine) as session:
        if args.program:
            programs = [require_program(session, team_id=ctx.team_id, name=args.program)]
        else:
            programs = programs_of_team(session, team_id=ctx.team_id)
        if not programs:
            raise UserError("no programs yet; add one with `followthrough program add NAME`.")
        views = [
            build_program_view(session, program=p, today=local_today(p, now), now=now)
            for p in programs
        ]
    if args.json:
        print_json({"programs": [status_json(view) for view in views]})
        return 0
    for index, view in enumerate(views):
        if index:
            print()
        print_program_view(view, limit=None if args.all else LINES_PER_SECTION)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("items", help="list action items")
    parser.add_argument("--program")
    parser.add_argument("--owner", help="a person's name or alias")
    parser.add_argument("--project")
    parser.add_argument("--status", choices=ITEM_STATUSES)
    export = parser.add_mutually_exclusive_group()
    export.add_argument("--json", action="store_true", help="a JSON array (README: Exports)")
    export.add_argument("--csv", action="store_true", help="CSV with a header row")
    export.add_argument(
        "--quotes", action="store_true", help="each item with the sentence it was read from"
    )
    parser.set_defaults(handler=items)

    parser = subparsers.add_parser("status", help="program health: projects, friction, risks")
    parser.add_argument("--program", help="one program (default: all)")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="JSON (README: Exports)")
    shown.add_argument(
        "--all", action="store_true", help=f"every line (default: {LINES_PER_SECTION} per list)"
    )
    parser.add_argument("--now", help="ISO date-time to report as of (default: now)")
    parser.set_defaults(handler=status)
