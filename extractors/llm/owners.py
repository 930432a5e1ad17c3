"""Owners the model names, held to the lines it cites.

In a conversation an owner is first looked for among the people on those lines (each
line's author, the people it mentions, those who accepted it with a reaction), matched
by user id, display name, real name or a known alias, and returned as that Slack user,
the way the rules extractor returns speakers and mentions. Otherwise, in notes or a
thread, the name must be written in the cited lines, and resolves to a known person only
when it names exactly one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.llm.lines import SourceLine
from extractors.models import KnownPerson, Owner, Speaker

_LABELLED_ID = re.compile(r"\(([UW][A-Z0-9]+)\)\s*$")
"""An owner written as the transcript labels people, 'maria (U1MARIA)', is that id."""


def supported_owners(
    names: Sequence[str], cited: Sequence[SourceLine], people: Sequence[KnownPerson]
) -> tuple[list[Owner], list[str]]:
    """The owners the cited lines support, and the names refused because they do not."""
    owners: list[Owner] = []
    refused: list[str] = []
    for name in (n.strip() for n in names if n.strip()):
        owner = _on_lines(name, cited, people)
        if owner is None:
            refused.append(name)
        elif not any(_same_owner(owner, o) for o in owners):
            owners.append(owner)
    return owners, refused


def _on_lines(
    name: str, cited: Sequence[SourceLine], people: Sequence[KnownPerson]
) -> Owner | None:
    labelled = _LABELLED_ID.search(name)
    wanted = _norm(labelled.group(1) if labelled else name)
    if not wanted:
        return None
    for person in (p for line in cited for p in line.people()):
        if wanted in _forms(person, people):
            known = None if person.user_id else resolve_person(person.name, people)
            return Owner(name=person.name, person_key=person.user_id or (known and known.key))
    known = resolve_person(name, people)
    if mentions("\n".join(line.text for line in cited), _names_for(name, known)):
        return Owner(name=name, person_key=known.key if known else None)
    return None


def _forms(speaker: Speaker, people: Sequence[KnownPerson]) -> set[str]:
    """Every way the model may write this Slack user: id, display, real or first name,
    or an alias the program knows them by."""
    forms = [speaker.user_id or "", speaker.display_name, speaker.real_name]
    forms.append(speaker.real_name.split()[0] if speaker.real_name.split() else "")
    for person in people:
        if speaker.user_id and person.key == speaker.user_id:
            forms += [person.name, *person.aliases]
    return {_norm(f) for f in forms if f.strip()}


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
