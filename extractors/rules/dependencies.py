"""Dependencies stated in an item: 'blocked by X', 'waiting on X', 'after X ships',
'once X lands'. X is kept as written; the domain links it to the item or project it names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.models import ExtractedDependency, KnownProject
from extractors.rules.projects import match_project

_TARGET = r"(?P<target>[^.,;:()]{2,60}?)"
_DONE = (
    r"(?:ships|lands|is (?:merged|released|done|shipped|live|ready|in|out|signed(?: off)?|"
    r"approved)|goes (?:out|live)|merges|is finished|are (?:done|ready|in|signed(?: off)?))"
)
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "blocked_by",
        re.compile(rf"[,;]?\s*\(?\bblocked (?:by|on) {_TARGET}(?=[.,;:()]|$| until\b)\)?", re.I),
    ),
    (
        "waiting_on",
        re.compile(
            rf"[,;]?\s*\(?\b(?:waiting|waits) (?:on|for) {_TARGET}(?=[.,;:()]|$| to\b)\)?", re.I
        ),
    ),
    ("after", re.compile(rf"[,;]?\s*\b(?:after|once|when) {_TARGET} {_DONE}\b", re.I)),
    (
        "depends_on",
        re.compile(
            rf"[,;]?\s*\(?\b(?:depends|dependent|contingent|pending) on {_TARGET}(?=[.,;:()]|$)\)?",
            re.I,
        ),
    ),
]


@dataclass(frozen=True)
class DependencySpan:
    dependency: ExtractedDependency
    start: int
    end: int


_CUE = re.compile(
    r"\b(?:blocked|waiting|waits|after|once|when|depends|dependent|contingent|pending)\b", re.I
)


def dependency_spans(text: str, projects: list[KnownProject]) -> list[DependencySpan]:
    """Each dependency phrase with its target as written and any known project it names."""
    found: list[DependencySpan] = []
    if not _CUE.search(text):
        return found
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            target = match.group("target").strip()
            if target.lower() in ("it", "this", "that", "them"):
                continue
            dependency = ExtractedDependency(
                kind=kind,
                target=target,
                target_project=match_project(target, projects),  # type: ignore[arg-type]
            )
            found.append(DependencySpan(dependency, match.start(), match.end()))
    return sorted(found, key=lambda span: span.start)
