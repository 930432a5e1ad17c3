"""Where the edges get their database: one engine per URL and units of work on it.

`bot/` and `cli/` hold an engine and open sessions here, then hand the session to the
domain's service functions; storage's plumbing stays behind the domain.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from storage.db import get_engine, session_scope

__all__ = ["open_engine", "ping", "session_scope"]


def open_engine(url: str) -> Engine:
    """The process's one engine for `url` (cached), so every session shares its pool."""
    return get_engine(url)


def ping(engine: Engine) -> None:
    """Raises unless the database answers a query now: what `/readyz` calls reachable."""
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
