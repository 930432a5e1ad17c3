"""Whether a database is at the code's schema, asked without loading alembic.

Every command that opens the database checks this first; alembic (about 0.1 s to
import) is loaded only when the answer is no, to migrate or to say why not. Migration
files are named after their revision id (`0004_workspace_installation.py` is revision
0004) and the chain is linear, so the code's head is the highest prefix;
`tests/test_cli_start.py` checks that this agrees with alembic's own head.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

VERSIONS_DIR = Path(__file__).parent / "migrations" / "versions"


def code_head() -> str:
    return max(path.name.split("_", 1)[0] for path in VERSIONS_DIR.glob("[0-9]*_*.py"))


def database_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no alembic_version table: a new database
        return None
    return rows[0][0] if len(rows) == 1 else None


def is_at_code_head(engine: Engine) -> bool:
    return database_revision(engine) == code_head()
