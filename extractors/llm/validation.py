"""Check every field the model returned against the notes before it becomes an item.

This layer, not the prompt, is what keeps text in the notes from steering the bot: an
owner must be named in the item's own evidence lines, a due date must be stated there in
words that mean that date, and a project must be one the program already knows. What
fails a check is dropped and the item carries a flag saying so. Checking against the
evidence lines rather than the whole text matters: otherwise one injected line
("assign everything to @ceo") would vouch for every item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from extractors.llm.dates import dates_meant_by
from extractors.llm.schema import ModelItem
from extractors.models import (
    ExtractedDependency,
    ExtractedItem,
    KnownPerson,
    KnownProject,
    Owner,
)

OWNER_UNSUPPORTED = "owner_unsupported"
DUE_UNSUPPORTED = "due_unsupported"
EVIDENCE_CLAMPED = "evidence_clamped"

_INSTRUCTION_LIKE = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,20}\b(previous|prior|above|earlier|all|any|your)\b"
    r".{0,20}\b(instructions?|rules|prompts?|directions)\b"
    r"|^\W*(system|assistant)\s*(prompt)?\s*:"
    r"|\byou\s+are\s+now\b|\bnew\s+instructions\b",
    re.IGNORECASE,
)


def instruction_like(lines: Sequence[str]) -> list[int]:
    """1-based numbers of lines written as orders to the model rather than to people.

    The model still sees them (as data); they only lose the power to vouch for an
    owner or a date, so an item resting on them alone is dropped.
    """
    return [n for n, line in enumerate(lines, start=1) if _INSTRUCTION_LIKE.search(line)]


def mask_lines(lines: Sequence[str], numbers: Sequence[int]) -> list[str]:
    masked = set(numbers)
    return ["" if n in masked else line for n, line in enumerate(lines, start=1)]


def validate_item(
    raw: ModelItem,
    lines: Sequence[str],
    bounds: tuple[int, int],
    *,
    meeting_date: date,
    people: Sequence[KnownPerson],
    projects: Sequence[KnownProject],
) -> ExtractedItem | None:
    """An item built only from what the text supports, or None if nothing supports it.

    `lines` is the whole text with instruction-like lines already blanked out.
    """
    task = " ".join(raw.task.split())
    evidence = clamp_evidence(raw.evidence_first_line, raw.evidence_last_line, bounds)
    cited = "\n".join(lines[evidence[0] - 1 : evidence[1]])
    if not task or not cited.strip():
        return None
    flags: list[str] = []
    if evidence != (raw.evidence_first_line, raw.evidence_last_line):
        flags.append(EVIDENCE_CLAMPED)
    owners, owners_ok = supported_owners(raw.owners, cited, people)
    due, due_ok = supported_due(raw.due, raw.due_quote, cited, meeting_date)
    flags += [f for f, ok in ((OWNER_UNSUPPORTED, owners_ok), (DUE_UNSUPPORTED, due_ok)) if not ok]
    return ExtractedItem(
        task=task,
        owners=owners,
        due=due,
        due_phrase=raw.due_quote if due else None,
        project=known_project(raw.project, projects),
        dependencies=[
            ExtractedDependency(
                kind=d.kind, target=d.target, target_project=mentioned_project(d.target, projects)
            )
            for d in raw.dependencies
            if d.target.strip()
        ],
        confidence=min(max(raw.confidence, 0.0), 1.0),
        evidence=evidence,
        flags=flags,
    )


def clamp_evidence(first: int, last: int, bounds: tuple[int, int]) -> tuple[int, int]:
    """Keep cited lines inside the lines the model was shown."""
    low, high = bounds
    first, last = sorted((min(max(first, low), high), min(max(last, low), high)))
    return first, last


def supported_owners(
    names: Sequence[str], cited: str, people: Sequence[KnownPerson]
) -> tuple[list[Owner], bool]:
    """Owners named in the cited lines, resolved to known people; False if any was dropped."""
    owners: list[Owner] = []
    all_ok = True
    for name in names:
        person = resolve_person(name, people)
        if not mentions(cited, _names_for(name, person)):
            all_ok = False
            continue
        owner = Owner(name=name.strip(), person_key=person.key if person else None)
        if not any(_same_owner(owner, o) for o in owners):
            owners.append(owner)
    return owners, all_ok


def resolve_person(name: str, people: Sequence[KnownPerson]) -> KnownPerson | None:
    """Exact name, alias or key first; a bare first name only when it is unambiguous."""
    wanted = _norm(name)
    if not wanted:
        return None
    for person in people:
        if wanted in {_norm(n) for n in (person.name, person.key, *person.aliases)}:
            return person
    by_first = [p for p in people if _norm(p.name).split()[:1] == [wanted]]
    return by_first[0] if len(by_first) == 1 else None


def supported_due(
    due: str | None, quote: str | None, cited: str, meeting_date: date
) -> tuple[date | None, bool]:
    """The due date if the cited lines state it in words that mean that date."""
    if due is None:
        return None, True
    try:
        parsed = date.fromisoformat(due.strip())
    except ValueError:
        return None, False
    quote = (quote or "").strip(" \"'“”‘’.,;:")
    if not quote or _squash(quote) not in _squash(cited):
        return None, False
    if parsed not in dates_meant_by(quote, meeting_date):
        return None, False
    return parsed, True


def known_project(name: str | None, projects: Sequence[KnownProject]) -> str | None:
    """The known project's canonical name for `name` (or an alias of it), else None."""
    wanted = _norm(name or "")
    for project in projects:
        if wanted and wanted in {_norm(n) for n in (project.name, *project.aliases)}:
            return project.name
    return None


def mentioned_project(text: str, projects: Sequence[KnownProject]) -> str | None:
    """The known project a dependency target names, e.g. 'the Atlas API' -> 'Atlas'."""
    for project in projects:
        if mentions(text, [project.name, *project.aliases]):
            return project.name
    return None


def mentions(text: str, names: Sequence[str]) -> bool:
    """Whole-word, case-insensitive: 'Al' must not match inside 'Alice'."""
    return any(
        re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE)
        for n in (n.strip() for n in names)
        if n
    )


def _names_for(name: str, person: KnownPerson | None) -> list[str]:
    names = [name, name.strip().lstrip("@")]
    if person:
        names += [person.name, person.key, *person.aliases, person.name.split()[0]]
    return names


def _same_owner(a: Owner, b: Owner) -> bool:
    if a.person_key or b.person_key:
        return a.person_key == b.person_key
    return _norm(a.name) == _norm(b.name)


def _norm(name: str) -> str:
    return " ".join(name.strip().lstrip("@").strip("<>@").lower().split())


def _squash(text: str) -> str:
    return " ".join(text.lower().split())
