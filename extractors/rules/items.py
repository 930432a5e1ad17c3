"""Turn candidates into `ExtractedItem`s: owners, task text, due date, project, links."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.models import ExtractedItem, KnownPerson, KnownProject
from extractors.rules.candidates import COMMITMENT, Candidate, label_owner
from extractors.rules.dates import Due, DueContext, find_due
from extractors.rules.dependencies import find_dependencies, without_dependencies
from extractors.rules.owners import lead_owner, resolve, trailing_owner
from extractors.rules.projects import match_project, project_hint
from extractors.rules.tasks import clean_task, points_back, strip_numbering
from extractors.rules.text import content_tokens, similarity, strip_markdown

_DUPLICATE = 0.5
_SAME_LIST_DUPLICATE = 0.9
_SHORT_TASK = 2
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Known:
    """What the request tells us about the program, bundled for item building."""

    people: list[KnownPerson]
    projects: list[KnownProject]
    mention_keys: dict[str, str]
    due: DueContext


def build_item(candidate: Candidate, known: Known) -> ExtractedItem | None:
    """One item from a candidate's wording; None when no task is left once owner and
    marker are removed."""
    plain = strip_numbering(strip_markdown(candidate.text))
    if candidate.settled:
        names, rest = list(candidate.owners or []), plain
    else:
        names, rest = _owners(plain, candidate.owners, labels=candidate.confidence > COMMITMENT)
    task = clean_task(rest)
    if len(task) < 3:
        return None
    if candidate.topic and (len(content_tokens(task)) <= _SHORT_TASK or points_back(task)):
        task = f"{task} (re: {candidate.topic})"
    context = candidate.context
    due = find_due(rest, known.due) or _context_due(context, known.due)
    own_text = without_dependencies(plain)
    project = match_project(own_text, known.projects) or _context_project(context, known)
    flags = [] if names else ["no_owner"]
    return ExtractedItem(
        task=task,
        owners=[resolve(n, known.people, known.mention_keys) for n in names],
        due=due.when if due else None,
        due_phrase=due.phrase if due else None,
        project=project,
        dependencies=find_dependencies(plain, known.projects),
        confidence=candidate.confidence,
        evidence=(candidate.first, max(candidate.first, candidate.last)),
        flags=flags,
    )


def _owners(plain: str, given: list[str] | None, labels: bool) -> tuple[list[str], str]:
    """Owner written in the text wins over one inherited from a label or heading; in
    untagged prose 'Word: …' is too often a topic to be read as an owner."""
    split = lead_owner(plain)
    if split is not None:
        return split.names, split.rest
    label = label_owner(plain) if labels else None
    if label is not None:
        names, rest = label
        inner = lead_owner(rest)
        return (inner.names, inner.rest) if inner is not None else (names, rest)
    trail = trailing_owner(plain)
    if trail is not None and not given:
        return trail.names, trail.rest
    return list(given or []), plain


def _context_due(context: list[str], ctx: DueContext) -> Due | None:
    """A lead-in such as "By next call we hope to" dates the items under it."""
    for text in reversed(context):
        due = find_due(text, ctx)
        if due:
            return due
    return None


def _context_project(context: list[str], known: Known) -> str | None:
    for text in reversed(context):
        project = match_project(text, known.projects) or (
            project_hint(text) if known.projects else None
        )
        if project:
            return project
    return None


def dedupe(items: list[tuple[str, ExtractedItem]]) -> list[ExtractedItem]:
    """Keep one of each task: earlier (more trusted) items win over later repeats.

    Items are (source, item) pairs. A summary list repeating an inline action is the
    usual duplicate, so across sources a loose match is enough; within one list or
    among inline labels, note-takers do not repeat themselves, so only a near-identical
    task is a duplicate ("write a vision document for X" and "… for Y" are two items).
    Links are left out: two tasks citing the same repository are not the same task.
    """
    kept: list[tuple[str, ExtractedItem]] = []
    for source, item in items:
        if all(not _duplicate(source, item, *other) for other in kept):
            kept.append((source, item))
    return sorted((item for _, item in kept), key=lambda i: i.evidence)


def _duplicate(source: str, item: ExtractedItem, other_source: str, other: ExtractedItem) -> bool:
    threshold = _SAME_LIST_DUPLICATE if source == other_source else _DUPLICATE
    return similarity(_URL.sub("", item.task), _URL.sub("", other.task)) >= threshold
