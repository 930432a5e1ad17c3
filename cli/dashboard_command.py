"""`followthrough dashboard [--port N]`: the program pages in a browser, on this machine."""

from __future__ import annotations

import argparse

from cli.context import CliContext

DEFAULT_PORT = 8050


def dashboard(args: argparse.Namespace, ctx: CliContext) -> int:
    # Imported here: Flask and matplotlib stay out of every other command's start-up.
    import secrets

    from coordination.dashboard import Dashboard
    from web.access import LocalAccess
    from web.app import create_app
    from web.server import local_server

    app = create_app(
        Dashboard(ctx.engine),
        LocalAccess(ctx.team_id),
        ctx.clock,
        secret_key=secrets.token_hex(32),
    )
    server = local_server(app, args.port)
    print(f"Dashboard on http://127.0.0.1:{server.server_port}/ (Ctrl-C stops it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dashboard", help="serve the program pages on 127.0.0.1 (no sign-in)"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    parser.set_defaults(handler=dashboard)
