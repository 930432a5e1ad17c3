"""What every table shares: the metadata naming convention and the tenant column."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def team_field() -> str:
    """The Slack team id every workspace-owned row carries, so queries can filter by it."""
    return Field(foreign_key="workspace.team_id", index=True, max_length=32)


def created_field() -> datetime:
    """A required UTC moment, with no default on purpose: the time comes from the
    caller's injected clock, never from the wall clock, so a row stamped by `--now`
    or a test's clock agrees with every decision made at that time (the digest's "new
    since the last digest", slips, leases). A row without it fails its NOT NULL."""
    return Field(sa_type=UTCDateTime)
