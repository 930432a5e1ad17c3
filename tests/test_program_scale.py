"""A big program costs the same queries as a small one, and prints a bounded status and
digest; `--all` and `--json` still give everything.

The programs are bench/program_generator.py's at two sizes, on both backends.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from bench.program_generator import TEAM, generate
from cli.main import main
from cli.status_output import LINES_PER_SECTION
from coordination.digest.limits import DIGEST_LINES
from coordination.digest.load import load_digest
from coordination.program_view.view import build_program_view
from storage.db import get_engine
from storage.migrate import upgrade
from storage.models import Program
from tests.databases import throwaway_postgres

NOW = datetime(2026, 11, 25, 9, tzinfo=UTC)
SMALL, LARGE = 1_000, 5_000


def _program_engine(backend: str, folder: Path, items: int) -> Iterator[Engine]:
    if backend == "sqlite":
        url = f"sqlite:///{folder / f'scale-{items}.db'}"
        upgrade(url)
        engine = get_engine(url)
        generate(engine, today=NOW.date(), now=NOW, items=items)
        yield engine
        engine.dispose()
        return
    with throwaway_postgres() as url:
        upgrade(url)
        engine = get_engine(url)
        generate(engine, today=NOW.date(), now=NOW, items=items)
        yield engine
        engine.dispose()


def _queries(engine: Engine, what: str) -> int:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    with Session(engine) as session:
        program = session.exec(select(Program).where(Program.team_id == TEAM)).one()
        event.listen(engine, "before_cursor_execute", record)
        try:
            if what == "status":
                view = build_program_view(session, program=program, today=NOW.date(), now=NOW)
                assert view.portfolio.program.open > 0
            else:
                digest = load_digest(session, program=program, now=NOW)
                assert digest.overdue_by_owner
        finally:
            event.remove(engine, "before_cursor_execute", record)
    return len(statements)


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def test_status_and_digest_run_the_same_queries_at_five_times_the_items(
    backend: str, tmp_path: Path
) -> None:
    counts = {}
    for items in (SMALL, LARGE):
        for engine in _program_engine(backend, tmp_path, items):
            counts[items] = (_queries(engine, "status"), _queries(engine, "digest"))

    assert counts[SMALL] == counts[LARGE]
    assert counts[SMALL][0] <= 7


@pytest.fixture(scope="module")
def big_program(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("scale")
    for engine in _program_engine("sqlite", folder, LARGE):
        yield engine.url.render_as_string(hide_password=False)


def _run(argv: list[str], url: str, capsys, monkeypatch) -> str:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("FOLLOWTHROUGH_TEAM_ID", TEAM)
    capsys.readouterr()
    assert main([*argv, "--program", "Bench", "--now", NOW.isoformat()]) == 0
    return capsys.readouterr().out


def _list_lengths(text: str) -> list[int]:
    """Lines of each run of '  - ' entries (a list as printed)."""
    runs, current = [], 0
    for line in text.splitlines():
        if line.startswith("  - "):
            current += 1
        elif current:
            runs.append(current)
            current = 0
    return [*runs, current] if current else runs


def test_status_prints_at_most_a_screenful_per_list_and_says_how_many_more(
    big_program, capsys, monkeypatch
) -> None:
    text = _run(["status"], big_program, capsys, monkeypatch)
    everything = _run(["status", "--all"], big_program, capsys, monkeypatch)

    assert max(_list_lengths(text)) == LINES_PER_SECTION
    assert "…and 5 more (--all or --json for every one)" in text  # 20 projects, 15 shown
    assert "pairs sharing fewer people" in text
    assert max(_list_lengths(everything)) > LINES_PER_SECTION
    assert len(everything.splitlines()) > len(text.splitlines())


def test_digest_prints_capped_lists_and_all_or_json_gives_every_line(
    big_program, capsys, monkeypatch
) -> None:
    text = _run(["digest"], big_program, capsys, monkeypatch)
    everything = _run(["digest", "--all"], big_program, capsys, monkeypatch)
    data = json.loads(_run(["digest", "--json"], big_program, capsys, monkeypatch))

    overdue = sum(len(o["items"]) for o in data["overdue_by_owner"])
    assert overdue == data["overdue_items"] > DIGEST_LINES
    assert data["completed_count"] == len(data["completed"])
    assert data["overdue_by_owner_count"] == len(data["overdue_by_owner"])
    assert all(o["items_count"] == len(o["items"]) for o in data["overdue_by_owner"])
    assert max(_list_lengths(text)) <= DIGEST_LINES
    assert f"…and {len(data['completed']) - DIGEST_LINES} more" in text
    assert f"…and {len(data['overdue_by_owner']) - DIGEST_LINES} more" in text
    assert everything.count("    - ") == overdue
    assert len(text.splitlines()) < 400 < len(everything.splitlines())
