"""Fixtures shared by the suite: storage runs on SQLite and on the real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

from storage.db import get_engine
from storage.migrate import upgrade
from tests.databases import throwaway_postgres

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One database for the whole run, migrated once and truncated between tests."""
    with throwaway_postgres() as url:
        upgrade(url)
        yield url
        get_engine(url).dispose()


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'followthrough.db'}"
        upgrade(url)
        yield url
        get_engine(url).dispose()
        return
    url = request.getfixturevalue("postgres_url")
    yield url
    _truncate_all(get_engine(url))


@pytest.fixture
def engine(database_url: str) -> Engine:
    return get_engine(database_url)


@pytest.fixture
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    """The PostgreSQL engine alone, for what only a real server can show (races, locks)."""
    engine = get_engine(postgres_url)
    yield engine
    _truncate_all(engine)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """For tests of behaviour that does not depend on the backend."""
    url = f"sqlite:///{tmp_path / 'followthrough.db'}"
    upgrade(url)
    return url
