"""The CLI's composition root: settings, engine and extractor, built once per run."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import Engine

from coordination.extraction import build_extractor
from coordination.settings import Settings
from extractors.models import Extractor
from storage.db import get_engine
from storage.migrate import ensure_schema


@dataclass
class CliContext:
    settings: Settings = field(default_factory=Settings)

    @property
    def team_id(self) -> str:
        return self.settings.team_id

    @cached_property
    def engine(self) -> Engine:
        engine = get_engine(self.settings.database_url)
        ensure_schema(engine)
        return engine

    def extractor(self, name: str | None) -> Extractor:
        return build_extractor(self.settings, name)
