"""What each CLI path loads at start-up: a command imports only the libraries it uses.

Each probe runs `followthrough` in a fresh interpreter and reports which of the heavy
libraries ended up in `sys.modules`, so an import added at the top of a shared module
shows up here rather than as a slower start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.db import get_engine
from storage.migrate import head_revision, is_current, upgrade
from storage.schema_state import code_head, is_at_code_head

ROOT = Path(__file__).resolve().parents[1]
HEAVY = (
    "openai",
    "httpx",
    "slack_sdk",
    "slack_bolt",
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "psycopg",
    "dateparser",
    "apscheduler",
    "jinja2",
    "flask",
    "matplotlib",
    "graphviz",
    "bot",
    "web",
    "charts",
    "coordination.ingest.service",
    "storage.db",
    "extractors.llm",
)
WITHOUT_PYDANTIC = (*HEAVY, "pydantic", "pydantic_settings", "coordination.settings")
"""The rules path reads `NotesSettings` and builds plain dataclasses."""
NOTE = """# Weekly sync

## Action items
- Ana will send the launch plan by Friday
- @Ben to review the API draft by 2026-12-04
"""

PROBE = """
import contextlib, io, json, sys
from cli.main import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[2:])
    except SystemExit as stop:
        code = stop.code
heavy = json.loads(sys.argv[1])
print(json.dumps({"code": code, "loaded": sorted(
    name for name in heavy if any(m == name or m.startswith(name + ".") for m in sys.modules)
)}))
"""


def _loaded_by(
    args: list[str], cwd: Path, env: dict[str, str], watch: tuple[str, ...] = HEAVY
) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(watch), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(run.stdout)


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "note.md"
    path.write_text(NOTE, encoding="utf-8")
    return path


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FOLLOWTHROUGH_", "OPENAI_"))}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=f"sqlite:///{tmp_path / 'ft.db'}", **extra)
    return env


@pytest.mark.parametrize("dotenv", ["", "FOLLOWTHROUGH_TIMEZONE=Europe/Berlin\n"])
def test_extract_on_the_rules_path_loads_no_storage_model_client_slack_or_pydantic(
    note: Path, tmp_path: Path, dotenv: str
) -> None:
    if dotenv:
        (tmp_path / ".env").write_text(dotenv, encoding="utf-8")
    found = _loaded_by(
        ["extract", str(note), "--meeting-date", "2026-11-23"],
        tmp_path,
        _environment(tmp_path),
        WITHOUT_PYDANTIC,
    )
    assert found == {"code": 0, "loaded": []}


def test_help_loads_nothing_heavy_not_even_the_settings_or_the_extractor(tmp_path: Path) -> None:
    found = _loaded_by(["--help"], tmp_path, _environment(tmp_path))
    assert found == {"code": 0, "loaded": []}
    light = (*WITHOUT_PYDANTIC, "extractors")
    assert _loaded_by(["--help"], tmp_path, _environment(tmp_path), light)["loaded"] == []


def test_the_llm_extractor_is_what_loads_the_model_client(note: Path, tmp_path: Path) -> None:
    env = _environment(
        tmp_path,
        FOLLOWTHROUGH_MODEL="test-model",
        OPENAI_BASE_URL="http://127.0.0.1:9/v1",
        OPENAI_API_KEY="test",
        FOLLOWTHROUGH_LLM_TIMEOUT="0.5",
    )
    found = _loaded_by(["extract", str(note), "--extractor", "llm"], tmp_path, env)
    assert "openai" in found["loaded"]
    assert "sqlalchemy" not in found["loaded"] and "slack_bolt" not in found["loaded"]


def test_status_loads_storage_but_not_slack_the_model_client_or_alembic(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    first = _loaded_by(["status"], tmp_path, env)
    assert first["code"] == 2  # no programs yet
    assert "alembic" in first["loaded"]  # a new SQLite file is migrated on first use
    found = _loaded_by(["status"], tmp_path, env)
    assert "sqlalchemy" in found["loaded"]
    assert not {"alembic", "openai", "slack_sdk", "slack_bolt", "flask"} & set(found["loaded"])


def test_the_schema_check_without_alembic_agrees_with_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ft.db'}"
    engine = get_engine(url)
    assert code_head() == head_revision(url)
    assert not is_at_code_head(engine)
    upgrade(url)
    assert is_at_code_head(engine) and is_current(engine)
