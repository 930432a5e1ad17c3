"""Commands that set up what the bot tracks: the schema, programs, projects and people."""

from __future__ import annotations

import argparse
from datetime import timedelta

from cli.context import CliContext
from coordination.dates import (
    parse_iso_date,
    parse_timezone,
    parse_working_days,
    parse_working_hours,
)
from coordination.errors import UserError


def db_upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import open_engine
    from coordination.schema import upgrade

    upgrade(ctx.settings.database_url)
    open_engine(ctx.settings.database_url)
    print("database is at the latest schema")
    return 0


def db_prune(args: argparse.Namespace, ctx: CliContext) -> int:
    """What the scheduler does hourly, by hand; the age is checked before anything opens."""
    from coordination.retention import check_retention, prune_finished

    days = args.older_than if args.older_than is not None else ctx.settings.retention_days
    older_than = timedelta(days=days)
    check_retention(older_than)
    pruned = prune_finished(ctx.engine, now=ctx.clock(), older_than=older_than)
    print(
        f"pruned {pruned.jobs} finished jobs, {pruned.deliveries} sent deliveries and "
        f"{pruned.events} processed events older than {days:g} days"
    )
    return 0


def db_new_token_key(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.programs.tokens import new_token_key

    print(new_token_key())
    return 0


def db_rotate_tokens(args: argparse.Namespace, ctx: CliContext) -> int:
    """After putting a new key first in FOLLOWTHROUGH_TOKEN_KEYS; then the old key can go."""
    from bot.oauth import rotate_tokens

    rewritten = rotate_tokens(ctx.settings, ctx.engine)
    print(f"re-encrypted {rewritten} stored secrets with the first key of FOLLOWTHROUGH_TOKEN_KEYS")
    return 0


def program_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.programs.service import create_program

    parse_timezone(args.timezone)
    with session_scope(ctx.engine) as session:
        program = create_program(
            session,
            team_id=ctx.team_id,
            now=ctx.clock(),
            name=args.name,
            digest_channel=args.channel,
            timezone=args.timezone,
            digest_schedule=args.digest,
        )
    print(f"added program {program.name} (id {program.id})")
    return 0


def project_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.programs.service import create_project, person_named, require_program

    start = parse_iso_date(args.start, what="--start") if args.start else None
    end = parse_iso_date(args.end, what="--end") if args.end else None
    with session_scope(ctx.engine) as session:
        program = require_program(session, team_id=ctx.team_id, name=args.program)
        lead = None
        if args.lead:
            lead = person_named(session, team_id=ctx.team_id, name=args.lead)
            if lead is None:
                raise UserError(
                    f"unknown person {args.lead!r}; add them with `followthrough person add`."
                )
        project = create_project(
            session,
            team_id=ctx.team_id,
            program_id=program.id,
            now=ctx.clock(),
            name=args.name,
            aliases=args.alias,
            lead_id=lead.id if lead else None,
            start_date=start,
            end_date=end,
            budget_planned=args.budget,
        )
    print(f"added project {project.name} to {program.name} (id {project.id})")
    return 0


def person_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.programs.service import create_person

    parse_timezone(args.timezone)
    work_start, work_end = parse_working_hours(args.hours)
    working_days = parse_working_days(args.days)
    with session_scope(ctx.engine) as session:
        person = create_person(
            session,
            team_id=ctx.team_id,
            now=ctx.clock(),
            display_name=args.name,
            slack_user_id=args.slack_id,
            aliases=args.alias,
            email=args.email,
            timezone=args.timezone,
            weekly_capacity_days=args.capacity,
            work_start=work_start,
            work_end=work_end,
            working_days=working_days,
        )
    print(f"added person {person.display_name} (id {person.id})")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    db = subparsers.add_parser("db", help="database schema").add_subparsers(
        dest="action", required=True
    )
    db.add_parser("upgrade", help="apply migrations").set_defaults(handler=db_upgrade)
    prune = db.add_parser("prune", help="delete finished jobs, sent deliveries, old events")
    prune.add_argument(
        "--older-than",
        type=float,
        metavar="DAYS",
        help="age to keep (default FOLLOWTHROUGH_RETENTION_DAYS, 30; at least 7)",
    )
    prune.add_argument("--now", help="ISO date-time to measure ages from (default: now)")
    prune.set_defaults(handler=db_prune)
    db.add_parser(
        "new-token-key", help="print a new key for FOLLOWTHROUGH_TOKEN_KEYS"
    ).set_defaults(handler=db_new_token_key)
    db.add_parser(
        "rotate-tokens", help="re-encrypt stored OAuth tokens with the first key"
    ).set_defaults(handler=db_rotate_tokens)

    program = subparsers.add_parser("program", help="programs").add_subparsers(
        dest="action", required=True
    )
    add = program.add_parser("add", help="add a program")
    add.add_argument("name")
    add.add_argument("--channel", help="Slack channel id for the weekly digest")
    add.add_argument("--timezone", default="UTC", help="IANA timezone (default UTC)")
    add.add_argument(
        "--digest", default="mon 09:00", help="digest weekday and time (default 'mon 09:00')"
    )
    add.set_defaults(handler=program_add)

    project = subparsers.add_parser("project", help="projects").add_subparsers(
        dest="action", required=True
    )
    add = project.add_parser("add", help="add a project to a program")
    add.add_argument("name")
    add.add_argument("--program", required=True)
    add.add_argument("--alias", action="append", default=[])
    add.add_argument("--lead", help="name of the project lead (a known person)")
    add.add_argument("--start", help="YYYY-MM-DD")
    add.add_argument("--end", help="YYYY-MM-DD")
    add.add_argument("--budget", type=float, help="planned budget")
    add.set_defaults(handler=project_add)

    person = subparsers.add_parser("person", help="people").add_subparsers(
        dest="action", required=True
    )
    add = person.add_parser("add", help="add a person")
    add.add_argument("name")
    add.add_argument("--slack-id")
    add.add_argument("--alias", action="append", default=[])
    add.add_argument("--email")
    add.add_argument("--timezone", default="UTC")
    add.add_argument(
        "--capacity", type=float, default=5.0, help="working days per week (default 5)"
    )
    add.add_argument("--hours", default="09:00-18:00", help="when reminders may reach them")
    add.add_argument("--days", default="mon-fri", help="working days, e.g. mon-fri or mon,wed")
    add.set_defaults(handler=person_add)
