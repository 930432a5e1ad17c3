"""`followthrough`: the same core as the Slack app, from a terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cli import (
    dashboard_command,
    demo_command,
    notes_commands,
    register_commands,
    report_commands,
    schedule_commands,
    serve_commands,
    setup_commands,
)
from cli.context import CliContext, command_clock
from coordination.errors import SchemaOutOfDate, UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followthrough",
        description="Turn meeting notes into tracked action items and keep programs aligned.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in (
        setup_commands,
        notes_commands,
        report_commands,
        register_commands,
        demo_command,
        dashboard_command,
        serve_commands,
        schedule_commands,
    ):
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args, CliContext(clock=command_clock(getattr(args, "now", None))))
    except (UserError, SchemaOutOfDate) as error:
        print(f"followthrough: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
