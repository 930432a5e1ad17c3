"""Inserting under a unique key, where losing the race is an answer, not an error."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

UNIQUE_SQLSTATE = "23505"
UNIQUE_SQLITE_ERRORS = frozenset({"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"})


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
