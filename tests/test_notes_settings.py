"""`NotesSettings` (what `extract` reads without pydantic-settings) says what `Settings` says."""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path

import pytest
from pydantic import ValidationError

from coordination.notes_settings import NotesSettings, read_notes_settings
from coordination.settings import Settings

FIELDS = [field.name for field in fields(NotesSettings)]


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """A working directory with no .env and an environment without the project's names."""
    monkeypatch.chdir(tmp_path)
    for name in os.environ:
        if name.upper().startswith(("FOLLOWTHROUGH_", "OPENAI_")):
            monkeypatch.delenv(name)
    return monkeypatch


def _as_settings_reads_them() -> dict[str, object]:
    settings = Settings()
    return {name: getattr(settings, name) for name in FIELDS}


def _given(place: pytest.MonkeyPatch, environ: dict[str, str], dotenv: str) -> NotesSettings:
    for name, value in environ.items():
        place.setenv(name, value)
    if dotenv:
        Path(".env").write_text(dotenv, encoding="utf-8")
    return read_notes_settings()


def test_the_defaults_are_the_settings_defaults(place: pytest.MonkeyPatch) -> None:
    assert vars(read_notes_settings()) == _as_settings_reads_them()


@pytest.mark.parametrize(
    ("environ", "dotenv"),
    [
        (
            {
                "FOLLOWTHROUGH_TIMEZONE": "Europe/Berlin",
                "FOLLOWTHROUGH_MAX_NOTES_BYTES": "1000",
                "FOLLOWTHROUGH_MODEL": "small-model",
                "OPENAI_API_KEY": "key",
                "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
                "FOLLOWTHROUGH_LLM_TIMEOUT": "2.5",
            },
            "",
        ),
        ({}, "FOLLOWTHROUGH_TIMEZONE=Asia/Tokyo\nFOLLOWTHROUGH_MODEL='quoted model'\n"),
        ({"FOLLOWTHROUGH_TIMEZONE": "Europe/Paris"}, "FOLLOWTHROUGH_TIMEZONE=Asia/Tokyo\n"),
        ({"followthrough_max_notes_bytes": "77"}, "openai_base_url=http://x/v1\n"),
        ({"FOLLOWTHROUGH_MODEL": ""}, "FOLLOWTHROUGH_MODEL=from-file\n"),
        ({"OTHER": "base"}, "FOLLOWTHROUGH_MODEL=${OTHER}-model\nUNRELATED=1\n"),
    ],
    ids=["environment", "dotenv", "environment-over-dotenv", "any-case", "empty", "interpolated"],
)
def test_plain_values_read_as_settings_reads_them(
    place: pytest.MonkeyPatch, environ: dict[str, str], dotenv: str
) -> None:
    assert vars(_given(place, environ, dotenv)) == _as_settings_reads_them()


@pytest.mark.parametrize(
    ("environ", "dotenv"),
    [
        ({"FOLLOWTHROUGH_MAX_NOTES_BYTES": " 1000 "}, ""),
        ({"FOLLOWTHROUGH_MAX_NOTES_BYTES": "1_000"}, ""),
        ({"FOLLOWTHROUGH_LLM_TIMEOUT": "1e1"}, ""),
        ({}, "FOLLOWTHROUGH_MODEL\nFOLLOWTHROUGH_TIMEZONE=Asia/Tokyo\n"),
    ],
    ids=["spaces", "underscores", "exponent", "bare-key"],
)
def test_values_only_settings_can_read_are_read_by_settings(
    place: pytest.MonkeyPatch, environ: dict[str, str], dotenv: str
) -> None:
    assert vars(_given(place, environ, dotenv)) == _as_settings_reads_them()


def test_a_value_that_is_no_number_fails_as_settings_fails(place: pytest.MonkeyPatch) -> None:
    place.setenv("FOLLOWTHROUGH_MAX_NOTES_BYTES", "lots")
    with pytest.raises(ValidationError, match="FOLLOWTHROUGH_MAX_NOTES_BYTES"):
        read_notes_settings()
