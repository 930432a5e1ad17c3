from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models.base import created_field
from storage.types import UTCDateTime


class Workspace(SQLModel, table=True):
    """A Slack team (or the local workspace used by the CLI without Slack).

    `enterprise_id` and `is_enterprise_install` say where its bot token is installed
    on Enterprise Grid (the team itself, or the whole org); jobs and scheduled sends
    run outside any request and look the token up with them. `uninstalled_at` is set
    when Slack says the app was uninstalled or its bot token revoked: nothing is sent
    to the workspace until it is seen installed again.
    """

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = ""
    enterprise_id: str | None = Field(default=None, max_length=32)
    is_enterprise_install: bool = False
    uninstalled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = created_field()
