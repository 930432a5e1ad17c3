"""Commands for the program's registers: risks and dependencies, and the capacity table."""

from __future__ import annotations

import argparse

from cli.context import CliContext
from cli.output import print_json, print_table
from coordination.dates import parse_iso_date
from coordination.errors import UserError
from coordination.statuses import DEPENDENCY_STATUSES, RISK_STATUSES


def risk_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.programs.service import project_named, require_program
    from coordination.risks.register import add_risk

    with session_scope(ctx.engine) as session:
        program = require_program(session, team_id=ctx.team_id, name=args.program)
        project = None
        if args.project:
            project = project_named(
                session, team_id=ctx.team_id, name=args.project, program_id=program.id
            )
            if project is None:
                raise UserError(f"unknown project {args.project!r} in {program.name!r}.")
        risk = add_risk(
            session,
            program=program,
            title=args.title,
            likelihood=args.likelihood,
            impact=args.impact,
            now=ctx.clock(),
            project_id=project.id if project else None,
        )
    print(f"added risk #{risk.id} (score {risk.likelihood * risk.impact})")
    return 0


def risk_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.program_view.exports import risks_json
    from coordination.programs.service import require_program
    from coordination.risks.register import list_risks

    with session_scope(ctx.engine) as session:
        program = require_program(session, team_id=ctx.team_id, name=args.program)
        risks = list_risks(session, program=program, include_closed=args.all)
    if args.json:
        print_json(risks_json(risks))
        return 0
    print_table(
        ["id", "score", "status", "origin", "title"],
        [[r.id, r.likelihood * r.impact, r.status, r.origin, r.title] for r in risks],
    )
    return 0


def risk_update(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.risks.register import update_risk

    with session_scope(ctx.engine) as session:
        risk = update_risk(
            session,
            team_id=ctx.team_id,
            risk_id=args.id,
            now=ctx.clock(),
            likelihood=args.likelihood,
            impact=args.impact,
            status=args.status,
        )
    print(f"risk #{risk.id}: {risk.status}, score {risk.likelihood * risk.impact}")
    return 0


def dep_add(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.dependencies.register import add_dependency, parse_node
    from coordination.programs.service import require_program

    need_by = parse_iso_date(args.need_by, what="--need-by") if args.need_by else None
    with session_scope(ctx.engine) as session:
        program = require_program(session, team_id=ctx.team_id, name=args.program)
        edge = add_dependency(
            session,
            program=program,
            upstream=parse_node(session, program=program, text=args.upstream),
            downstream=parse_node(session, program=program, text=args.downstream),
            now=ctx.clock(),
            need_by=need_by,
            blocked=args.blocked,
            description=args.note or "",
        )
    print(f"added dependency #{edge.id}: {args.downstream} waits on {args.upstream}")
    return 0


def dep_set(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.dependencies.register import set_dependency_status

    with session_scope(ctx.engine) as session:
        edge = set_dependency_status(
            session, team_id=ctx.team_id, dependency_id=args.id, status=args.status
        )
    print(f"dependency #{edge.id} is {edge.status}")
    return 0


def dep_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.dependencies.listing import dependency_lines
    from coordination.program_view.exports import dependencies_json
    from coordination.programs.service import require_program

    with session_scope(ctx.engine) as session:
        program = require_program(session, team_id=ctx.team_id, name=args.program)
        lines = dependency_lines(session, program=program)
    if args.json:
        print_json(dependencies_json(lines))
        return 0
    print_table(
        ["id", "status", "need by", "downstream", "waits on"],
        [[d.id, d.status, d.need_by or "-", d.downstream_label, d.upstream_label] for d in lines],
    )
    return 0


def capacity(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.program_view.exports import capacity_json
    from coordination.program_view.view import build_program_view, local_today
    from coordination.programs.service import require_program

    now = ctx.clock()
    with session_scope(ctx.engine) as session:
        program = require_program(session, team_id=ctx.team_id, name=args.program)
        view = build_program_view(
            session, program=program, today=local_today(program, now), now=now
        )
    if args.json:
        print_json(capacity_json(view))
        return 0
    weeks = view.capacity.weeks
    rows = [
        [
            row.name,
            *(
                f"{w.load_days:g}/{w.capacity_days:g}"
                + (" !" if w.load_days > w.capacity_days else "")
                for w in row.weeks
            ),
        ]
        for row in view.capacity.rows
    ]
    print_table(["person", *(f"wk {w:%m-%d}" for w in weeks)], rows)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    risk = subparsers.add_parser("risk", help="the risk register").add_subparsers(
        dest="action", required=True
    )
    add = risk.add_parser("add", help="raise a risk")
    add.add_argument("title")
    add.add_argument("--program", required=True)
    add.add_argument("--project")
    add.add_argument("--likelihood", type=int, default=3, help="1-5")
    add.add_argument("--impact", type=int, default=3, help="1-5")
    add.set_defaults(handler=risk_add)
    listing = risk.add_parser("list", help="open risks, highest score first")
    listing.add_argument("--program", required=True)
    listing.add_argument("--all", action="store_true", help="include closed risks")
    listing.add_argument("--json", action="store_true", help="JSON (README: Exports)")
    listing.set_defaults(handler=risk_list)
    update = risk.add_parser("update", help="rescore or close a risk")
    update.add_argument("id", type=int)
    update.add_argument("--likelihood", type=int)
    update.add_argument("--impact", type=int)
    update.add_argument("--status", choices=RISK_STATUSES)
    update.set_defaults(handler=risk_update)

    dep = subparsers.add_parser("dep", help="dependencies").add_subparsers(
        dest="action", required=True
    )
    add = dep.add_parser("add", help="DOWNSTREAM waits on UPSTREAM (#item or project name)")
    add.add_argument("downstream")
    add.add_argument("upstream")
    add.add_argument("--program", required=True)
    add.add_argument("--need-by", help="YYYY-MM-DD the downstream side needs it by")
    add.add_argument("--blocked", action="store_true", help="already blocking work")
    add.add_argument("--note")
    add.set_defaults(handler=dep_add)
    listing = dep.add_parser("list", help="every dependency of a program")
    listing.add_argument("--program", required=True)
    listing.add_argument("--json", action="store_true", help="JSON (README: Exports)")
    listing.set_defaults(handler=dep_list)
    status = dep.add_parser("set", help="mark a dependency open, blocked or resolved")
    status.add_argument("id", type=int)
    status.add_argument("status", choices=DEPENDENCY_STATUSES)
    status.set_defaults(handler=dep_set)

    parser = subparsers.add_parser("capacity", help="person x week load against capacity")
    parser.add_argument("--program", required=True)
    parser.add_argument("--json", action="store_true", help="JSON (README: Exports)")
    parser.set_defaults(handler=capacity)
