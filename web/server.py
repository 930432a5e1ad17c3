"""`followthrough dashboard`: the pages alone, on 127.0.0.1 only, without sign-in.

Bound to the loopback address so nobody else on the network can read the program;
production serves the same app from `followthrough serve`, behind Sign in with Slack.
"""

from __future__ import annotations

from collections.abc import Callable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

LOOPBACK = "127.0.0.1"


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


def local_server(app: Callable[..., Any], port: int) -> ThreadingWSGIServer:
    """Port 0 picks a free one (tests); `server.server_port` says which."""
    return make_server(
        LOOPBACK, port, app, server_class=ThreadingWSGIServer, handler_class=QuietHandler
    )
