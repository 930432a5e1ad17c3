"""Dependencies stated in an item: 'blocked by X', 'waiting on X', 'after X ships'."""

from __future__ import annotations

import re

from extractors.models import ExtractedDependency, KnownProject
from extractors.rules.projects import match_project

_TARGET = r"(?P<target>[^.,;:()]{2,60}?)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("blocked_by", re.compile(rf"\bblocked (?:by|on) {_TARGET}(?=[.,;:()]|$| until\b)", re.I)),
    ("waiting_on", re.compile(rf"\bwaiting (?:on|for) {_TARGET}(?=[.,;:()]|$| to\b)", re.I)),
    (
        "after",
        re.compile(
            rf"\bafter {_TARGET} (?:ships|lands|is (?:merged|released|done|shipped|live))\b", re.I
        ),
    ),
    (
        "depends_on",
        re.compile(rf"\b(?:depends|dependent|contingent) on {_TARGET}(?=[.,;:()]|$)", re.I),
    ),
]


def without_dependencies(text: str) -> str:
    """The text with its dependency phrases cut, so 'blocked by Billing' does not make
    Billing the item's own project."""
    for _, pattern in _PATTERNS:
        text = pattern.sub(" ", text)
    return text


def find_dependencies(text: str, projects: list[KnownProject]) -> list[ExtractedDependency]:
    """Each dependency phrase with its target as written and any known project it names."""
    found: list[ExtractedDependency] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            target = match.group("target").strip()
            found.append(
                ExtractedDependency(
                    kind=kind, target=target, target_project=match_project(target, projects)
                )
            )
    return found
