from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import created_field, team_field
from storage.types import UTCDateTime


class Job(SQLModel, table=True):
    """Work accepted from Slack, written before the ack so a restart loses nothing.

    Workers claim a job under a lease; a worker that dies lets its lease run out and
    another one takes the job over. `attempts` counts claims, so a job that keeps
    killing its worker still ends, as failed, with its payload kept for a retry.
    """

    __table_args__ = (
        UniqueConstraint("team_id", "dedupe_key"),
        Index("ix_job_ready", "status", "run_after"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    kind: str = Field(max_length=32)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    dedupe_key: str | None = Field(default=None, max_length=200)
    status: str = Field(
        default="queued", max_length=16, description="queued | running | done | failed"
    )
    attempts: int = 0
    max_attempts: int = 5
    run_after: datetime = created_field()
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    locked_by: str | None = Field(default=None, max_length=64)
    last_error: str | None = None
    created_at: datetime = created_field()
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
