from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import created_field, team_field
from storage.types import UTCDateTime


class Source(SQLModel, table=True):
    """A meeting's notes or a Slack thread, kept whole so nothing accepted is lost.

    The content hash makes re-ingesting the same notes a no-op; a thread is keyed by
    channel and thread ts so a grown thread updates its source instead of adding one.
    """

    __table_args__ = (
        UniqueConstraint("team_id", "program_id", "content_hash"),
        UniqueConstraint("team_id", "channel_id", "thread_ts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    program_id: int = Field(foreign_key="program.id", index=True)
    kind: str = Field(max_length=16, description="notes | thread | transcript | file")
    channel_id: str | None = Field(default=None, max_length=32)
    thread_ts: str | None = Field(default=None, max_length=32)
    permalink: str | None = None
    title: str = Field(default="", max_length=300)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    content_hash: str = Field(max_length=64)
    text: str = Field(sa_column=Column(Text, nullable=False))
    extractor: str = Field(default="", max_length=32)
    created_at: datetime = created_field()
