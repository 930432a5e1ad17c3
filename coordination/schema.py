"""The database schema as the edges see it: current or not, and how it gets there.

Alembic is imported only inside the functions that migrate or compare against its
head, so a CLI command that finds the schema current never loads it.
"""

from __future__ import annotations

from sqlalchemy import Engine


def is_at_code_head(engine: Engine) -> bool:
    """Reads `alembic_version` alone: the cheap check every CLI command makes."""
    from storage.schema_state import is_at_code_head as at_head

    return at_head(engine)


def is_current(engine: Engine) -> bool:
    """What `/readyz` reports: alembic's own comparison with the head revision."""
    from storage.migrate import is_current as current

    return current(engine)


def ensure_schema(engine: Engine) -> None:
    """SQLite is migrated on first use; PostgreSQL behind the code raises `SchemaOutOfDate`."""
    from storage.migrate import ensure_schema as ensure

    ensure(engine)


def upgrade(url: str) -> None:
    """`followthrough db upgrade`: every migration not yet applied to the database at `url`."""
    from storage.migrate import upgrade as apply

    apply(url)
