"""The settings `extract` and `eval` read, without pydantic-settings.

Importing pydantic-settings costs more than the rules extractor's whole run on a
one-page note, and these commands read six values. They are read the way `Settings`
reads them: the same names in any case, the environment over `.env` (parsed by
python-dotenv, as pydantic-settings does), the same defaults. A value that is not
plainly what the field holds (a number written with spaces or a sign, a bare key in
`.env`) is left to `Settings`, so its answer and its errors stay the one source;
tests/test_notes_settings.py holds the two readers to the same answers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEZONE = "UTC"
DEFAULT_MAX_NOTES_BYTES = 2_000_000
DEFAULT_LLM_TIMEOUT = 30.0
ENV_FILE = ".env"

_NUMBER = {int: re.compile(r"[0-9]+"), float: re.compile(r"[0-9]+(?:\.[0-9]+)?")}


@dataclass(frozen=True)
class NotesSettings:
    """Where notes are read and which extractor reads them: what `Settings` says of it."""

    timezone: str = DEFAULT_TIMEZONE
    max_notes_bytes: int = DEFAULT_MAX_NOTES_BYTES
    model: str | None = None
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    llm_timeout: float = DEFAULT_LLM_TIMEOUT


_READ: dict[str, tuple[str, type]] = {
    "timezone": ("followthrough_timezone", str),
    "max_notes_bytes": ("followthrough_max_notes_bytes", int),
    "model": ("followthrough_model", str),
    "openai_api_key": ("openai_api_key", str),
    "openai_base_url": ("openai_base_url", str),
    "llm_timeout": ("followthrough_llm_timeout", float),
}
"""Each field's variable, lower case as pydantic-settings compares them, and its type."""


class _NotPlain(ValueError):
    """A value only `Settings` can say how to read."""


def _parsed(kind: type, value: str | None) -> object:
    if value is None:
        raise _NotPlain
    if kind in _NUMBER:
        if not _NUMBER[kind].fullmatch(value):
            raise _NotPlain
        return kind(value)
    return value


def _environment() -> Mapping[str, str | None]:
    """Names folded to lower case as pydantic-settings folds them; the process
    environment wins over the file."""
    found: dict[str, str | None] = {}
    env_file = Path(ENV_FILE)
    if env_file.is_file() or env_file.is_fifo():
        from dotenv import dotenv_values

        found.update((k.lower(), v) for k, v in dotenv_values(env_file, encoding="utf-8").items())
    found.update((k.lower(), v) for k, v in os.environ.items())
    return found


def read_notes_settings() -> NotesSettings:
    environment = _environment()
    try:
        given = {
            name: _parsed(kind, environment[env])
            for name, (env, kind) in _READ.items()
            if env in environment
        }
    except _NotPlain:
        from coordination.settings import Settings

        settings = Settings()
        given = {name: getattr(settings, name) for name in _READ}
    return NotesSettings(**given)
