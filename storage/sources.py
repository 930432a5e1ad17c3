"""Sources: the notes and threads items came from."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from storage.models import Source


def find_source_by_hash(
    session: Session, *, team_id: str, program_id: int, content_hash: str
) -> Source | None:
    statement = select(Source).where(
        Source.team_id == team_id,
        Source.program_id == program_id,
        Source.content_hash == content_hash,
    )
    return session.exec(statement).first()


def find_thread_source(
    session: Session, *, team_id: str, channel_id: str, thread_ts: str
) -> Source | None:
    statement = select(Source).where(
        Source.team_id == team_id,
        Source.channel_id == channel_id,
        Source.thread_ts == thread_ts,
    )
    return session.exec(statement).first()


def add_source(session: Session, *, team_id: str, now: datetime, **fields: object) -> Source:
    source = Source(team_id=team_id, created_at=now, **fields)
    session.add(source)
    session.flush()
    return source
