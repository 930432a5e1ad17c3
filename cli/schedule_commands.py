"""`remind`, `digest` and `scheduler`: the clock-driven work, run by hand or alone.

`remind` without Slack credentials (a bot token, or OAuth) is a dry run: it prints who
would hear about what and claims nothing, so it is safe to try against a production
database.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cli.context import CliContext
from coordination.digest.limits import DIGEST_LINES
from coordination.errors import UserError

if TYPE_CHECKING:
    from bot.deps import ClientFor


def slack_clients(ctx: CliContext, what: str) -> ClientFor:
    from bot.app import clients_for, oauth_mode

    if not (ctx.settings.slack_bot_token or oauth_mode(ctx.settings)):
        raise UserError(
            f"{what} needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID for OAuth installs "
            "(and SLACK_API_URL for a test server)."
        )
    return clients_for(ctx.settings, ctx.engine)


def _print_plans(ctx: CliContext, now: datetime) -> None:
    from bot.scheduling.config import SchedulerSettings
    from coordination.db import session_scope
    from coordination.reminders.plan import plan_escalations, plan_reminders
    from coordination.reminders.sweep import load_states, teams_to_sweep

    policy = SchedulerSettings().policy()
    with session_scope(ctx.engine) as session:
        for team_id in teams_to_sweep(session):
            items, people = load_states(session, team_id=team_id, now=now)
            for plan in plan_reminders(items, people, now, policy):
                print(f"{team_id} DM {plan.person.name} ({plan.key}):")
                for nudge in plan.nudges:
                    print(f"  #{nudge.item.id} {nudge.reason}: {nudge.item.task}")
            for escalation in plan_escalations(items, people, now, policy):
                print(
                    f"{team_id} escalate #{escalation.item.id} to {escalation.lead.name} "
                    f"({escalation.days_overdue}d overdue, {escalation.item.nudge_count} nudges)"
                )


def remind(args: argparse.Namespace, ctx: CliContext) -> int:
    from bot.app import oauth_mode
    from bot.scheduling import run_reminder_sweep, send_slip_alerts
    from bot.scheduling.config import SchedulerSettings

    if not (ctx.settings.slack_bot_token or oauth_mode(ctx.settings)):
        print("no Slack credentials: dry run, nothing claimed or sent", file=sys.stderr)
        _print_plans(ctx, ctx.clock())
        return 0
    clients = slack_clients(ctx, "remind")
    policy = SchedulerSettings().policy()
    outcomes = run_reminder_sweep(ctx.engine, clients, ctx.clock, policy=policy)
    outcomes += send_slip_alerts(ctx.engine, clients, ctx.clock)
    for status in ("sent", "retry", "failed"):
        print(f"{status}: {sum(o.status == status for o in outcomes)}")
    return 0


def digest(args: argparse.Namespace, ctx: CliContext) -> int:
    from bot.scheduling import post_digest
    from bot.scheduling.digest_view import digest_text
    from cli.output import print_json
    from coordination.dashboard.links import program_page_url
    from coordination.db import session_scope
    from coordination.digest.export import digest_json
    from coordination.digest.load import load_digest
    from coordination.programs.service import require_program

    with session_scope(ctx.engine) as session:
        program = require_program(session, team_id=ctx.team_id, name=args.program)
        if not args.post:
            lines = None if args.all or args.json else DIGEST_LINES
            digest = load_digest(session, program=program, now=ctx.clock(), lines=lines)
            if args.json:
                print_json(digest_json(digest))
                return 0
            page_url = program_page_url(ctx.settings.public_url, program.id)
            print(digest_text(digest, page_url, limit=lines), end="")
            return 0
    outcome = post_digest(
        ctx.engine,
        slack_clients(ctx, "digest --post"),
        program,
        ctx.clock,
        public_url=ctx.settings.public_url,
    )
    messages = {
        "sent": f"posted to {program.digest_channel} (ts {outcome.ts})",
        "duplicate": "this week's digest was claimed before (sent, or its retry pending)",
        "retry": f"Slack refused for now ({outcome.error}); the next sweep retries it",
        "failed": f"failed: {outcome.error}",
    }
    print(messages[outcome.status])
    return 0 if outcome.status in ("sent", "duplicate", "retry") else 1


def scheduler(args: argparse.Namespace, ctx: CliContext) -> int:
    """Runs until SIGINT or SIGTERM, for deployments that keep the scheduler apart."""
    from bot.scheduling import start_scheduler
    from bot.scheduling.config import SchedulerSettings

    running = start_scheduler(
        ctx.engine,
        slack_clients(ctx, "scheduler"),
        SchedulerSettings(),
        clock=ctx.clock,
        public_url=ctx.settings.public_url,
        retention=timedelta(days=ctx.settings.retention_days),
    )
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    print("scheduler running; Ctrl-C to stop", file=sys.stderr)
    stop.wait()
    running.shutdown(wait=True)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "remind", help="run one reminder sweep (a dry run without SLACK_BOT_TOKEN)"
    )
    parser.add_argument("--now", help="ISO date-time to sweep as of (default: now; UTC if naive)")
    parser.set_defaults(handler=remind)
    parser = subparsers.add_parser("digest", help="print, or --post, a program's weekly digest")
    parser.add_argument("--program", required=True)
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("--post", action="store_true", help="post to the program's channel")
    shown.add_argument(
        "--all",
        action="store_true",
        help=f"print every line (default: {DIGEST_LINES} per list)",
    )
    shown.add_argument("--json", action="store_true", help="every line as JSON")
    parser.add_argument("--now", help="ISO date-time to build the digest as of")
    parser.set_defaults(handler=digest)
    parser = subparsers.add_parser("scheduler", help="run the reminder and digest scheduler alone")
    parser.set_defaults(handler=scheduler)
