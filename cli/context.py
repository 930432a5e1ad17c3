"""The CLI's composition root: settings, clock, engine and extractor, built once per run.

The settings, the engine and the extractor are built when first asked for, so a
command that needs none of them (`--help`) starts without pydantic, one that reads
notes without storing them (`extract`, `eval`) reads `NotesSettings` and starts
without pydantic-settings, SQLAlchemy or the model client, and alembic loads only
when the schema is behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from coordination.clock import Clock, clock_from
from coordination.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from coordination.notes_settings import NotesSettings
    from coordination.settings import Settings
    from extractors.models import Extractor


def parse_now(text: str | None) -> datetime | None:
    """`--now` as ISO 8601; a time without an offset is taken as UTC."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise UserError(f"--now {text!r} is not an ISO date-time.") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def command_clock(now: str | None) -> Clock:
    """The one clock of this run: the system's, or with `--now` one that starts there
    and keeps running, so a slow send renews its lease from a later time."""
    return clock_from(parse_now(now))


@dataclass
class CliContext:
    clock: Clock

    @cached_property
    def settings(self) -> Settings:
        from coordination.settings import Settings

        return Settings()

    @cached_property
    def notes_settings(self) -> NotesSettings:
        """The same values `settings` holds for reading notes and choosing the extractor."""
        from coordination.notes_settings import read_notes_settings

        return read_notes_settings()

    @property
    def team_id(self) -> str:
        return self.settings.team_id

    @cached_property
    def engine(self) -> Engine:
        from coordination.db import open_engine
        from coordination.schema import ensure_schema, is_at_code_head

        engine = open_engine(self.settings.database_url)
        if not is_at_code_head(engine):
            ensure_schema(engine)  # alembic is loaded only here, to migrate or refuse
        return engine

    def extractor(self, name: str | None) -> Extractor:
        from coordination.ingest.extraction import build_extractor

        return build_extractor(self.notes_settings, name)
