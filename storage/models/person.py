from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import created_field, team_field


class Person(SQLModel, table=True):
    """Someone who owns work. `slack_user_id` is empty for people known only by name."""

    __table_args__ = (
        UniqueConstraint("team_id", "slack_user_id"),
        UniqueConstraint("team_id", "display_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    slack_user_id: str | None = Field(default=None, max_length=32)
    display_name: str = Field(max_length=200)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    email: str | None = Field(default=None, max_length=320)
    timezone: str = Field(default="UTC", max_length=64)
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    working_days: list[int] = Field(
        default_factory=lambda: [0, 1, 2, 3, 4],
        sa_column=Column(JSON, nullable=False),
        description="ISO weekdays minus one: 0 is Monday.",
    )
    weekly_capacity_days: float = 5.0
    created_at: datetime = created_field()
