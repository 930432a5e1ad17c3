from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, Integer
from sqlmodel import Field, SQLModel

from storage.models.base import created_field, team_field
from storage.types import UTCDateTime

QUOTE_LENGTH = 500
_VERSION = Column("version", Integer, nullable=False, server_default="1")


class ActionItem(SQLModel, table=True):
    """One commitment. `owner_id` is who gets reminded; `owner_names` keeps every owner
    exactly as the notes wrote them, resolved or not."""

    __tablename__ = "action_item"
    __table_args__ = (
        Index("ix_action_item_sweep", "team_id", "status", "due_date"),
        Index("ix_action_item_owner", "team_id", "owner_id", "status"),
        Index("ix_action_item_program", "team_id", "program_id", "status"),
        Index("ix_action_item_task_key", "team_id", "program_id", "task_key"),
    )
    __mapper_args__ = {"version_id_col": _VERSION}
    """Every ORM update is a compare-and-set on `version` (SQLAlchemy raises
    StaleDataError when another writer got there first), so two replicas changing one
    item cannot both win, on PostgreSQL or SQLite."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    program_id: int = Field(foreign_key="program.id")
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id", index=True)
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    owner_names: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    task: str
    task_key: str = Field(
        max_length=200, description="Normalised task, for matching restated items."
    )
    due_date: date | None = None
    status: str = Field(default="open", max_length=16)
    estimate_days: float | None = None
    confidence: float = 0.5
    evidence_start: int | None = None
    evidence_end: int | None = None
    quote: str | None = Field(default=None, max_length=QUOTE_LENGTH)
    """The sentence the item was read from, as written, shown beside the clean task."""
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    snoozed_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    nudge_count: int = 0
    last_nudged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    escalated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    slack_channel: str | None = Field(default=None, max_length=32)
    slack_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = created_field()
    updated_at: datetime = created_field()
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    version: int = Field(default=1, sa_column=_VERSION)


class ItemHistory(SQLModel, table=True):
    """Every change of due date, owner or status, so slips are measured, not guessed."""

    __tablename__ = "item_history"
    __table_args__ = (Index("ix_item_history_changed", "team_id", "field", "changed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    item_id: int = Field(foreign_key="action_item.id", index=True)
    field: str = Field(
        max_length=16,
        description="due_date | owner | status | task | project | created | snooze | confirmed",
    )
    old_value: str | None = None
    new_value: str | None = None
    changed_by: str = Field(default="", max_length=64)
    source_id: int | None = Field(default=None, foreign_key="source.id")
    changed_at: datetime = created_field()
