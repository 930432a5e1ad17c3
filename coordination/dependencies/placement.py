"""Where a dependency written in notes lands: the open item its words name, else a
project, else nowhere (kept as words).

"Build the mobile checkout screen, blocked by the invoicing API" waits on the item
"Ship the invoicing API", not on all of Billing, whose alias 'invoicing' it mentions.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from coordination.analysis import ItemFacts
from coordination.ingest.text_match import content_word_set, distinguishing_marks, target_coverage
from coordination.programs.directory import Directory
from extractors.models import ExtractedDependency

ITEM_COVERAGE = 0.5
"""Share of the dependency's content words an item must contain to be what it names."""
_WHOLE_PROJECT = re.compile(r"^(?:the\s+)?(?P<name>.+?)(?:\s+(?:team|project|squad))?$", re.I)


@dataclass(frozen=True)
class Placement:
    """Where 'blocked by X' lands: an item, else a project, else only its words."""

    item_id: int | None = None
    project_id: int | None = None


def _named_project(target: str, directory: Directory) -> int | None:
    """X is a project when it is the project's name or alias as a whole ('the Billing team')."""
    found = _WHOLE_PROJECT.match(target.strip())
    project = directory.find_project(found.group("name")) if found else None
    return project.id if project else None


def _by_substring_count(
    target: str, wanted: frozenset[str], open_items: list[ItemFacts], downstream_id: int
) -> dict[int, list[ItemFacts]]:
    """Items by how many wanted words their task contains as substrings (a cheap upper
    bound on how many it contains as words), among those holding every mark of X."""
    need = math.ceil(len(wanted) * ITEM_COVERAGE)
    marks = distinguishing_marks(target)
    groups: dict[int, list[ItemFacts]] = {}
    for item in open_items:
        task = item.task.lower()
        if not all(mark in task for mark in marks):
            continue
        count = sum(word in task for word in wanted)
        if count >= need and item.id != downstream_id:
            groups.setdefault(count, []).append(item)
    return groups


def upstream_item(target: str, open_items: list[ItemFacts], downstream_id: int) -> int | None:
    """The open item the words name best; a tie between the best two names none.

    Items are scored exactly only while they could still beat or tie the best so far,
    best substring counts first: scoring every item of a 50,000-item program took 4 s
    per dependency.
    """
    wanted = content_word_set(target)
    if not wanted:
        return None
    groups = _by_substring_count(target, wanted, open_items, downstream_id)
    scored: list[tuple[tuple[float, float], int]] = []
    for count in sorted(groups, reverse=True):
        if scored and scored[0][0][0] > count / len(wanted):
            break
        scored.extend((target_coverage(target, item.task), item.id) for item in groups[count])
        scored.sort(reverse=True)
    if not scored or scored[0][0][0] < ITEM_COVERAGE:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def place_dependency(
    dependency: ExtractedDependency,
    open_items: list[ItemFacts],
    directory: Directory,
    downstream_id: int,
) -> Placement:
    """A project X names as a whole ('Billing', 'the Billing team'), else the open item
    X names (in any project of the program), else a project X mentions, else nothing:
    the words are kept and the ingest report says so."""
    whole = _named_project(dependency.target, directory)
    if whole is not None:
        return Placement(project_id=whole)
    item_id = upstream_item(dependency.target, open_items, downstream_id)
    if item_id is not None:
        return Placement(item_id=item_id)
    project = directory.find_project(dependency.target_project or dependency.target)
    return Placement(project_id=project.id if project else None)
