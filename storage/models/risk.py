from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.models.base import created_field, team_field


class Risk(SQLModel, table=True):
    """A register entry, raised by a person or derived from signals (`origin`).

    `dedupe_key` lets a derived risk be refreshed instead of raised again each run.
    """

    __table_args__ = (UniqueConstraint("team_id", "dedupe_key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    program_id: int = Field(foreign_key="program.id", index=True)
    project_id: int | None = Field(default=None, foreign_key="project.id")
    scope: str = Field(default="program", max_length=16, description="program | project | item")
    title: str
    explanation: str = ""
    likelihood: int = Field(default=3, ge=1, le=5)
    impact: int = Field(default=3, ge=1, le=5)
    previous_score: int | None = None
    status: str = Field(default="open", max_length=16, description="open | mitigated | closed")
    owner_id: int | None = Field(default=None, foreign_key="person.id")
    origin: str = Field(default="manual", max_length=32)
    dedupe_key: str | None = Field(default=None, max_length=200)
    created_at: datetime = created_field()
    updated_at: datetime = created_field()
