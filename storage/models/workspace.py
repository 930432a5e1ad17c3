from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models.base import created_field


class Workspace(SQLModel, table=True):
    """A Slack team (or the local workspace used by the CLI without Slack)."""

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = ""
    created_at: datetime = created_field()
