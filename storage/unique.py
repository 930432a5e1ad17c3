"""Inserting under a unique key, where losing the race is an answer, not an error."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel


def insert_unique(session: Session, row: SQLModel) -> bool:
    """Adds `row` in a savepoint; False when a unique key already holds it, whichever
    process wrote it first. The caller's transaction stays usable either way."""
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        return False
    return True
