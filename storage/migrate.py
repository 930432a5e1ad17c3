"""Alembic, driven from code so `followthrough db upgrade` needs no alembic.ini on disk."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from storage.db import _normalise
from storage.errors import SchemaOutOfDate

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
EXTERNAL_TABLE_PREFIX = "slack_"
"""Tables created by migration 0002 for slack_sdk's OAuth stores, which keep their own
metadata: autogenerate and the schema check leave them to that migration."""


def managed_by_models(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """alembic include_object hook: compare only what the SQLModel tables describe."""
    return not (type_ == "table" and name is not None and name.startswith(EXTERNAL_TABLE_PREFIX))


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", _normalise(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def head_revision(url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_current(engine: Engine) -> bool:
    """Ready checks use this: a replica must not serve against an old schema."""
    return current_revision(engine) == head_revision(str(engine.url))


def ensure_schema(engine: Engine) -> None:
    """SQLite, the single-user default, is brought up to date on first use; a shared
    PostgreSQL is migrated on deploy (`followthrough db upgrade`), never behind its back."""
    if is_current(engine):
        return
    if engine.dialect.name == "sqlite":
        upgrade(str(engine.url))
        return
    raise SchemaOutOfDate(
        "the database schema is not current; run `followthrough db upgrade` first."
    )
