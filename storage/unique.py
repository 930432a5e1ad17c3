"""Inserting under a unique key, where losing the race is an answer, not an error."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Insert, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

UNIQUE_SQLSTATE = "23505"
UNIQUE_SQLITE_ERRORS = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})
INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def _is_unique_violation(error: IntegrityError) -> bool:
    """PostgreSQL's SQLSTATE or SQLite's extended error name, so that only a key already
    taken counts as a lost race."""
    cause = error.orig
    return (
        getattr(cause, "sqlstate", None) == UNIQUE_SQLSTATE
        or getattr(cause, "sqlite_errorname", None) in UNIQUE_SQLITE_ERRORS
    )


def insert_unique(session: Session, row: SQLModel) -> bool:
    """Adds `row` in a savepoint; False when a unique key already holds it, whichever
    process wrote it first. The caller's transaction stays usable either way.

    Any other integrity error (a row missing its timestamp, say) is a bug and is raised,
    not mistaken for a row someone else wrote."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError as error:
        if not _is_unique_violation(error):
            raise
        return False
    return True


@cache
def _insert_or_skip(dialect: str, table: Table) -> Insert:
    """Built once per table: a statement built per call costs more CPU than its round trip."""
    return INSERTS[dialect](table).on_conflict_do_nothing().returning(*table.primary_key.columns)


def insert_new_key(session: Session, table: Table, values: dict[str, Any]) -> int | str | None:
    """The new row's primary key, or None when a unique key already holds it: one
    `INSERT … ON CONFLICT DO NOTHING RETURNING` on the session's connection, with no
    savepoint and no ORM object, for the path that runs before every ack. A key another
    transaction holds uncommitted waits for it, as a plain INSERT would; any other
    integrity error (a missing NOT NULL value) is raised. Rows the session holds are
    flushed first, so a row this one refers to is there."""
    session.flush()
    connection = session.connection()
    return connection.execute(_insert_or_skip(connection.dialect.name, table), values).scalar()
