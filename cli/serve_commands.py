"""`followthrough serve` and `followthrough jobs list|retry`."""

from __future__ import annotations

import argparse

from cli.context import CliContext
from cli.output import print_table
from coordination.errors import UserError


def serve(args: argparse.Namespace, ctx: CliContext) -> int:
    import logging  # here, with the JSON logs: no other command configures logging

    from bot.serve import serve as run_server
    from coordination.logs import configure_logging

    configure_logging()
    try:
        workers = 0 if args.no_workers else args.workers
        run_server(ctx.settings, clock=ctx.clock, socket=args.socket, workers=workers)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: running jobs were given time to finish
        logging.getLogger(__name__).info("stopped")
    return 0


def worker(args: argparse.Namespace, ctx: CliContext) -> int:
    from bot.serve import run_workers
    from coordination.logs import configure_logging

    configure_logging()
    run_workers(ctx.settings, clock=ctx.clock, threads=args.threads or ctx.settings.worker_threads)
    return 0


def jobs_list(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.jobs import list_jobs

    with session_scope(ctx.engine) as session:
        jobs = list_jobs(session, status=args.status, limit=args.limit)
    print_table(
        ["id", "team", "kind", "status", "attempts", "created", "last error"],
        [
            [
                j.id,
                j.team_id,
                j.kind,
                j.status,
                j.attempts,
                f"{j.created_at:%Y-%m-%d %H:%M}",
                (j.last_error or "")[:60],
            ]
            for j in jobs
        ],
    )
    return 0


def jobs_retry(args: argparse.Namespace, ctx: CliContext) -> int:
    from coordination.db import session_scope
    from coordination.jobs import retry_job

    with session_scope(ctx.engine) as session:
        job = retry_job(session, job_id=args.id, now=ctx.clock())
    if job is None:
        raise UserError(f"there is no job {args.id}.")
    print(f"job {job.id} ({job.kind}) is queued again.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="run the Slack app (HTTP on $PORT)")
    parser.add_argument("--socket", action="store_true", help="use Socket Mode (SLACK_APP_TOKEN)")
    parser.add_argument(
        "--workers",
        type=int,
        help="run N job threads inside this process instead of the worker processes "
        "(FOLLOWTHROUGH_WORKER_PROCESSES x FOLLOWTHROUGH_WORKER_THREADS) it supervises",
    )
    parser.add_argument(
        "--no-workers",
        action="store_true",
        help="run no jobs here: `followthrough worker` processes run them",
    )
    parser.set_defaults(handler=serve)
    parser = subparsers.add_parser("worker", help="run job workers only (no HTTP)")
    parser.add_argument(
        "--threads", type=int, help="worker threads (default FOLLOWTHROUGH_WORKER_THREADS, 25)"
    )
    parser.set_defaults(handler=worker)
    jobs = subparsers.add_parser("jobs", help="the durable job queue").add_subparsers(
        dest="jobs_command", required=True
    )
    listing = jobs.add_parser("list", help="recent jobs, newest first")
    listing.add_argument("--status", choices=["queued", "running", "done", "failed"])
    listing.add_argument("--limit", type=int, default=50)
    listing.set_defaults(handler=jobs_list)
    again = jobs.add_parser("retry", help="queue a failed job again with fresh attempts")
    again.add_argument("id", type=int)
    again.set_defaults(handler=jobs_retry)
