from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import created_field, team_field
from storage.types import UTCDateTime


class Delivery(SQLModel, table=True):
    """Every message the bot sends, claimed under a unique key before it is sent.

    A claim without `slack_ts` whose lease ran out is a send that may not have
    happened (a crash between claim and send); it is retried, never duplicated.
    """

    __table_args__ = (
        UniqueConstraint("team_id", "idempotency_key"),
        Index("ix_delivery_pending", "status", "lease_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    kind: str = Field(max_length=32, description="reminder | escalation | digest | reply | ...")
    target: str = Field(max_length=64, description="Channel or user the message goes to.")
    subject: str = Field(default="", max_length=200, description="What it is about, e.g. item:12")
    idempotency_key: str = Field(max_length=200)
    status: str = Field(
        default="claimed", max_length=16, description="claimed | sent | failed | bundled"
    )
    attempts: int = 0
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    claimed_at: datetime = created_field()
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    slack_ts: str | None = Field(default=None, max_length=32)
    error: str | None = None
    payload: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False),
        description="What was (or will be) sent, so a retry sends exactly the same message.",
    )


class ProcessedEvent(SQLModel, table=True):
    """Slack delivers events at least once; a unique event id makes handling idempotent."""

    __tablename__ = "processed_event"

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    event_id: str = Field(max_length=64, unique=True)
    received_at: datetime = created_field()
