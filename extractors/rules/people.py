"""Resolve owners as written to the people the program knows.

Owners are kept as written (the list's own form and the users' eyes both expect that)
and carry a person key only when a Slack mention, the name, first name, alias or
handle matches exactly one known person.
"""

from __future__ import annotations

from extractors.models import KnownPerson, Owner


def resolve(
    name: str,
    people: list[KnownPerson],
    mention_keys: dict[str, str],
    names: dict[str, str] | None = None,
) -> Owner:
    """`names` says what to call a Slack user mentioned by id ('@U7KIM')."""
    written = name.strip()
    bare = written.lstrip("@").lower()
    key = mention_keys.get(bare)
    if key:
        person = next((p for p in people if p.key.lower() == key.lower()), None)
        shown = (names or {}).get(key) or (person.name if person else None)
        if written.lstrip("@") != key:
            shown = written.lstrip("@")
        return Owner(name=shown or key, person_key=key)
    matches = [p for p in people if bare in _forms(p)]
    if len(matches) == 1:
        return Owner(name=written, person_key=matches[0].key)
    return Owner(name=written)


def _forms(person: KnownPerson) -> set[str]:
    full = person.name.lower()
    forms = {full, full.split()[0] if full.split() else full, person.key.lower()}
    forms.update(alias.lower().lstrip("@") for alias in person.aliases)
    return forms
