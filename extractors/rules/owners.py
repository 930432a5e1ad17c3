"""Find who owns an item and resolve written names to known people.

Owners are kept as written (the gold and the users' eyes both expect that) and
carry a person key only when the name, first name, alias, handle or Slack
mention matches someone the program knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.models import KnownPerson, Owner
from extractors.rules.lines import is_label

_HEDGES = re.compile(r"\b(?:maybe|perhaps|probably|possibly|likely|tentatively)\b|\?", re.I)
_NOBODY = re.compile(
    r"^(?:tb[ad]\w*|to be (?:assigned|determined)|unknown|none|n/?a|\?+|-+)$", re.I
)
_SPLIT = re.compile(r"\s*(?:/|&|\+|,|;|\band\b)\s*")
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"@[\w][\w.-]*[\w]"
_CAP_WORD = r"[A-Z][\w'’-]*\.?"
_NAME = rf"(?:{_EMAIL}|{_HANDLE}|{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}}|[a-z][a-z0-9_-]{{1,19}})"
_NAMES = rf"{_NAME}(?:\s*(?:/|&|\+|,|\band\b)\s*{_NAME})*(?:\s+and\s+(?:the\s+)?team)?"
_PAREN_NAMES = rf"\s*\((?P<inner>{_NAMES})\)"
_VERB_LINK = (
    r"(?:\s+(?:to|will|shall|should|must|can|is going to|are going to|are encouraged to|"
    r"is encouraged to|volunteered to|agreed to|offered to|needs? to|plans? to|intends? to|"
    r"promised to|committed to)\b|\s*(?:→|->))"
)
_LEAD = re.compile(
    rf"^(?P<names>{_NAMES})(?:{_PAREN_NAMES})?{_VERB_LINK}(?!\s+be\b)\s*(?P<rest>.+)$"
)
_LEAD_GROUP = re.compile(
    rf"^[A-Z][\w'’-]*(?:\s+[\w'’-]+){{0,3}}{_PAREN_NAMES}{_VERB_LINK}(?!\s+be\b)\s*(?P<rest>.+)$"
)
_DOC_MENTION = r"@[A-Z][\w'’-]+\s+[A-Z][\w'’-]+(?=\s+[a-z])"
"""'@Alice Smith review …': a person chip from a Google Docs or Notion export."""
_MENTION = rf"(?:{_DOC_MENTION}|{_HANDLE})"
_LEAD_HANDLES = re.compile(
    rf"^(?P<names>{_MENTION}(?:\s*(?:/|&|,|and)\s*{_MENTION})*)\s+(?P<rest>[A-Za-z]+\s+\w.*)$"
)
_LEAD_GERUND = re.compile(r"^(?P<names>[A-Z]{2,4})\s+(?P<rest>[a-z]+ing\b.+)$")
_FOR_WHOM = re.compile(r"^for\s+(?P<names>[^:]{1,40}):\s*(?P<rest>.+)$", re.I)
_LEAD_BRACKET = re.compile(r"^\[(?P<names>[^\]]{1,40})\]\s*(?P<rest>.+)$")
_TRAIL_FIELD = re.compile(r"\s*\((?:lead|owner|owners|assignee|who|by)\s*:\s*([^)]+)\)", re.I)
_TRAIL_BRACKET = re.compile(r"\s*\[([^\]]{1,60})\]\s*[.]?\s*$")
_PARENS = re.compile(r"\s*\(([^()]{1,60})\)")
_MARKUP = re.compile(r"[\[\]`#<>{}|=]")

_NOT_NAMES = frozenset(
    [
        "i",
        "we",
        "you",
        "he",
        "she",
        "it",
        "they",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "who",
        "how",
        "why",
        "when",
        "where",
        "which",
        "someone",
        "somebody",
        "anyone",
        "nobody",
        "something",
        "nothing",
        "need",
        "needs",
        "want",
        "wants",
        "have",
        "has",
        "had",
        "going",
        "plan",
        "plans",
        "try",
        "trying",
        "able",
        "used",
        "due",
        "back",
        "up",
        "tab",
        "link",
        "go",
        "options",
        "option",
        "decision",
        "decided",
        "agreed",
        "time",
        "way",
        "goal",
        "goals",
        "idea",
        "ideas",
        "proposal",
        "question",
        "note",
        "notes",
        "also",
        "then",
        "next",
        "now",
        "still",
        "just",
        "only",
        "please",
        "let",
        "lets",
        "let's",
        "the",
        "a",
        "an",
        "our",
        "my",
        "your",
        "their",
        "its",
        "if",
        "so",
        "and",
        "or",
        "but",
        "not",
        "no",
        "yes",
        "ok",
        "okay",
        "sure",
        "good",
        "great",
        "first",
        "second",
        "last",
        "one",
        "two",
        "three",
        "some",
        "any",
        "each",
        "every",
        "more",
        "most",
        "other",
        "others",
        "discussion",
        "consensus",
        "action",
        "actions",
        "item",
        "items",
        "todo",
        "follow",
        "following",
        "update",
        "updates",
        "issue",
        "issues",
        "pr",
        "prs",
        "need",
        "hope",
        "hoping",
        "want",
        "looking",
        "look",
        "would",
        "could",
        "should",
        "might",
        "may",
        "must",
        "can",
        "will",
        "shall",
        "seems",
        "seem",
        "appears",
        "do",
        "does",
        "did",
        "done",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "get",
        "got",
        "make",
        "made",
        "take",
        "took",
        "give",
    ]
)
_GROUPS = frozenset({"team", "others", "folks", "the team"})


@dataclass(frozen=True)
class OwnerSplit:
    """Owners found in an item's text and the text left once they are removed."""

    names: list[str]
    rest: str


def clean_name(name: str) -> str:
    """'Dan?' -> 'Dan', '[Jenn Bonner]' -> 'Jenn Bonner', 'maybe niko' -> 'niko'."""
    name = _HEDGES.sub(" ", name)
    return re.sub(r"\s+", " ", name).strip(" []()*_.,:;\"'")


def _plausible(name: str) -> bool:
    """Code, links and markup ('[Stabilize `#[attr]`') are never someone's name."""
    words = name.split()
    if not words or len(words) > 4 or (re.search(r"\d", name) and "@" not in name):
        return False
    if _MARKUP.search(name):
        return False
    if is_label(name):
        return False
    return all(word.lower().strip(".") not in _NOT_NAMES for word in words[:1]) and (
        name[0].isupper() or name.startswith("@") or "@" in name or len(words) == 1
    )


def parse_names(text: str) -> list[str]:
    """'A / B', 'A & B', 'A and B' are two owners; hedges and 'TBD' vanish."""
    inner = re.search(r"\(([^)]+)\)", text)
    if inner and all(_plausible(n) for n in _candidates(inner.group(1))):
        text = inner.group(1)
    names = [n for n in _candidates(text) if not _NOBODY.match(n)]
    if len(names) > 1:
        names = [n for n in names if n.lower() not in _GROUPS]
    return names


def _candidates(text: str) -> list[str]:
    return [clean_name(part) for part in _SPLIT.split(text) if clean_name(part)]


def names_if_plausible(text: str) -> list[str] | None:
    """The names in `text` when every part looks like a person or group, else None."""
    cleaned = clean_name(text)
    if not cleaned or _NOBODY.match(cleaned):
        return []
    names = parse_names(text)
    return names if names and all(_plausible(n) for n in names) else None


def lead_owner(text: str) -> OwnerSplit | None:
    """Owner written before the task: 'X to …', 'X will …', '@x …', 'For all: …', 'X → …'."""
    for pattern in (_FOR_WHOM, _LEAD, _LEAD_GROUP, _LEAD_HANDLES, _LEAD_BRACKET, _LEAD_GERUND):
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        written = groups.get("inner") or groups["names"]
        names = names_if_plausible(written)
        if names is not None:
            return OwnerSplit(names, match.group("rest").strip())
    return None


def trailing_owner(text: str) -> OwnerSplit | None:
    """Owner written after the task: '(Lead: X)', '(scottmcm)', '[A & B]', '(?)'."""
    for pattern in (_TRAIL_FIELD, _TRAIL_BRACKET, _PARENS):
        for match in pattern.finditer(text):
            names = names_if_plausible(match.group(1))
            if names is None or (pattern is _PARENS and not _hedged_or_short(match.group(1))):
                continue
            rest = (text[: match.start()] + text[match.end() :]).strip()
            return OwnerSplit(names, rest)
    return None


def _hedged_or_short(inner: str) -> bool:
    """Bare parentheses name someone only when short: '(scottmcm)', '(maybe X?)', '(?)'."""
    words = clean_name(inner).split()
    return len(words) <= 3 and not re.search(r"\d", inner)


def resolve(name: str, people: list[KnownPerson], mention_keys: dict[str, str]) -> Owner:
    """Attach a known person's key when the written name matches them unambiguously."""
    written = name.strip()
    bare = written.lstrip("@").lower()
    key = mention_keys.get(bare)
    by_key = {p.key.lower(): p for p in people}
    if key:
        person = by_key.get(key.lower())
        return Owner(
            name=person.name if person and written.lstrip("@") == key else written, person_key=key
        )
    matches = [p for p in people if bare in _forms(p)]
    if len(matches) == 1:
        return Owner(name=written, person_key=matches[0].key)
    return Owner(name=written)


def _forms(person: KnownPerson) -> set[str]:
    full = person.name.lower()
    forms = {full, full.split()[0], person.key.lower()}
    forms.update(alias.lower().lstrip("@") for alias in person.aliases)
    return forms
