"""Choose the answer: when the notes carry their own action list, that list is it;
restatements elsewhere merge into it and other promises are only "also mentioned".

Duplicates are found through a token index, so the cost grows with the number of
items, not with its square: a pasted file of 100,000 bullets stays a matter of seconds.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from extractors.models import ExtractedItem
from extractors.rules.candidates import OWN_LIST, PROSE
from extractors.rules.text import content_tokens, similarity

_ACROSS_LISTS = 0.5
"""A summary list repeating an inline action is the usual duplicate: a loose match."""
_WITHIN_LIST = 0.9
"""Within one list note-takers do not repeat themselves: only a near-identical task."""
_COMMON = 64
"""A token shared by more items than this is too common to look duplicates up by."""
_URL = re.compile(r"https?://\S+")
_IDENTIFIER = re.compile(r"[#@]?\w*\d[\w.-]*")


@dataclass(frozen=True)
class Ranked:
    """An item with the list it came from and the tier of its evidence."""

    item: ExtractedItem
    tier: int
    list_key: str


def _identifiers(task: str) -> set[str]:
    """Numbers and ids ('bug 12', 'v2.1', '#4412'): tasks differing in one are two tasks."""
    return {m.lower() for m in _IDENTIFIER.findall(_URL.sub("", task))}


def _owner_keys(item: ExtractedItem) -> set[str]:
    return {(o.person_key or o.name).lower().lstrip("@") for o in item.owners}


def _same_person(a: str, b: str) -> bool:
    """'Lee', 'Lee Byron' and '@leebyron' in one document are one person written three
    ways: the same first name, or one form the start of the other."""
    if a == b or a.split()[0] == b.split()[0]:
        return True
    short, long = sorted((a.replace(" ", ""), b.replace(" ", "")), key=len)
    return len(short) >= 3 and long.startswith(short)


def duplicates(a: Ranked, b: Ranked) -> bool:
    """Same task said twice: similar wording, the same ids, and no disagreeing owners
    (two people with the same task are two actions, in one list or across lists).

    Within one list only a near-identical task repeats; a restatement elsewhere of an
    action-list item may be looser; two labelled lines under different topics are two
    actions even when worded alike ('move it to the board' for two issues).
    """
    if _identifiers(a.item.task) != _identifiers(b.item.task):
        return False
    same_list = a.list_key == b.list_key
    inline_pair = a.list_key.startswith("inline:") and b.list_key.startswith("inline:")
    if inline_pair and not same_list:
        return False
    owners_a, owners_b = _owner_keys(a.item), _owner_keys(b.item)
    if owners_a and owners_b and not any(_same_person(x, y) for x in owners_a for y in owners_b):
        return False
    threshold = _WITHIN_LIST if same_list else _ACROSS_LISTS
    return similarity(_URL.sub("", a.item.task), _URL.sub("", b.item.task)) >= threshold


@dataclass
class _Index:
    kept: list[Ranked] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    exact: dict[tuple[str, ...], list[int]] = field(default_factory=lambda: defaultdict(list))

    def _neighbours(self, tokens: set[str]) -> set[int]:
        """Kept items sharing one of this item's rarer tokens."""
        usable = sorted((t for t in tokens if len(self.postings[t]) <= _COMMON), key=len)
        found: set[int] = set()
        for token in usable:
            found.update(self.postings[token])
        return found

    def find(self, ranked: Ranked) -> Ranked | None:
        tokens = content_tokens(_URL.sub("", ranked.item.task))
        for position in self.exact.get(tuple(sorted(tokens)), [])[:_COMMON]:
            if duplicates(ranked, self.kept[position]):
                return self.kept[position]
        for position in sorted(self._neighbours(tokens)):
            if duplicates(ranked, self.kept[position]):
                return self.kept[position]
        return None

    def add(self, ranked: Ranked) -> None:
        position = len(self.kept)
        self.kept.append(ranked)
        tokens = content_tokens(_URL.sub("", ranked.item.task))
        self.exact[tuple(sorted(tokens))].append(position)
        for token in tokens:
            self.postings[token].append(position)


def _trusted_first(ranked: list[Ranked]) -> list[Ranked]:
    return sorted(ranked, key=lambda r: (r.tier, -r.item.confidence, r.item.evidence))


def has_own_list(ranked: list[Ranked], conversation: bool) -> bool:
    """Notes carry their own list when they tag an action; a conversation only when one
    message lists them (a lone 'TODO for me' in a thread is one more promise)."""
    own = [r for r in ranked if r.tier == OWN_LIST]
    if not conversation:
        return bool(own)
    return any(r.list_key.startswith("list:") for r in own) or len(own) >= 2


def select(
    ranked: list[Ranked], *, conversation: bool = False
) -> tuple[list[ExtractedItem], list[ExtractedItem]]:
    """(items, also mentioned), each in document order."""
    has_list = has_own_list(ranked, conversation)
    answer = [r for r in ranked if r.tier != PROSE or not has_list]
    offered = [r for r in ranked if r.tier == PROSE and has_list]
    index = _Index()
    for candidate in _trusted_first(answer):
        if index.find(candidate) is None:
            index.add(candidate)
    items = sorted((r.item for r in index.kept), key=lambda i: i.evidence)
    mentioned: list[ExtractedItem] = []
    seen = _Index()
    for candidate in _trusted_first(offered):
        if index.find(candidate) is None and seen.find(candidate) is None:
            seen.add(candidate)
            mentioned.append(candidate.item)
    return items, sorted(mentioned, key=lambda i: i.evidence)
