from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import created_field, team_field


class Program(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    name: str = Field(max_length=200)
    digest_channel: str | None = Field(default=None, max_length=64)
    digest_schedule: str = Field(
        default="mon 09:00", max_length=64, description="Weekday and local time of the digest."
    )
    timezone: str = Field(default="UTC", max_length=64)
    created_at: datetime = created_field()


class Project(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("team_id", "program_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    program_id: int = Field(foreign_key="program.id", index=True)
    name: str = Field(max_length=200)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    lead_id: int | None = Field(default=None, foreign_key="person.id")
    start_date: date | None = None
    end_date: date | None = None
    budget_planned: float | None = None
    budget_spent: float | None = None
    created_at: datetime = created_field()
