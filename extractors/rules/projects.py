"""Match items to the program's known projects by name or alias."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.models import KnownProject

_HINT = re.compile(r"^\s*\[([^\]]{1,40})\]|\bproject\s*:\s*([\w .-]{1,40})", re.I)


@lru_cache(maxsize=256)
def _word_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", re.I)


def match_project(text: str, projects: list[KnownProject]) -> str | None:
    """The known project named first in `text`, on word boundaries so 'Apollo' ≠ 'Apollonia'."""
    best: tuple[int, str] | None = None
    for project in projects:
        for term in (project.name, *project.aliases):
            found = _word_pattern(term).search(text) if term else None
            if found and (best is None or found.start() < best[0]):
                best = (found.start(), project.name)
    return best[1] if best else None


def project_hint(text: str) -> str | None:
    """A '[project]' tag or 'Project: X' written in the text, kept as written."""
    match = _HINT.search(text)
    if not match:
        return None
    return (match.group(1) or match.group(2)).strip()
