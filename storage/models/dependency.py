from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from storage.models.base import created_field, team_field


class Dependency(SQLModel, table=True):
    """upstream -> downstream, where each end is an item or a whole project."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = team_field()
    program_id: int = Field(foreign_key="program.id", index=True)
    upstream_item_id: int | None = Field(default=None, foreign_key="action_item.id")
    upstream_project_id: int | None = Field(default=None, foreign_key="project.id")
    downstream_item_id: int | None = Field(default=None, foreign_key="action_item.id")
    downstream_project_id: int | None = Field(default=None, foreign_key="project.id")
    status: str = Field(default="open", max_length=16, description="open | blocked | resolved")
    need_by: date | None = None
    description: str = ""
    created_at: datetime = created_field()
