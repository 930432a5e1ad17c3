"""Walk a document's entries and collect candidates from its action markers.

Action sections (headings or pseudo-headings) give list items; outside them,
inline labels, owned checkboxes and 'Owner:' fields give items; last meeting's
action review is skipped. Only when none of that exists do plain commitments count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.rules.blocks import Entry, walk
from extractors.rules.candidates import (
    COMMITMENT,
    INLINE,
    Candidate,
    from_list_entry,
    from_marker,
    is_lead_in,
)
from extractors.rules.markers import (
    heading_text,
    inline_marker,
    is_action_heading,
    is_review,
    is_review_heading,
    owner_field,
    pseudo_heading,
)
from extractors.rules.owners import lead_owner, names_if_plausible
from extractors.rules.tasks import points_back, sentences
from extractors.rules.text import strip_markdown

_PSEUDO = 99
_HANDLE_TO = re.compile(r"^@\S+(?:\s*(?:/|&|,|and)\s*@\S+)*\s+(?:to|will)\b")
_MAIN_SECTION = re.compile(r"\baction|\bAIs\b|\btodo", re.I)
_LEAD_IN = (
    r"(?:(?:ok(?:ay)?|so|sure|yes|yeah|yep|alright|right|sounds good|great|cool|fine|and|"
    r"then|also)[,.!]?\s+)*"
)
"""Spoken lead-ins ('Okay, so I'll …') before a commitment in a transcript."""
_SELF = re.compile(
    rf"^{_LEAD_IN}(?:I'll|I will|I’ll|I can|I am going to|I'm going to|I’m going to)"
    r"\s+(?P<rest>.+)$",
    re.I,
)
_SUBJECTLESS = re.compile(r"^Will\s+(?P<rest>[a-z].+)$")
"""'Carol: … Will hand off the rotation': in a speaker's line the subject is the speaker."""

_ADJECTIVES = frozenset(
    "according related due prior similar subject close next easy easier hard harder "
    "difficult useful helpful happy glad willing ready likely unlikely able unable "
    "important good better best nice fine great possible impossible necessary needed "
    "required free open".split()
)
_TOPIC_CHARS = 80
_GENERIC_HEADING = re.compile(r"\b(?:meeting|notes|minutes|agenda|summary|discussion)\b|/", re.I)
_WEAK = re.compile(r"\b(?:if|maybe|might|could|would|think|probably)\b|\?", re.I)


@dataclass
class Scope:
    """The action section or review block the walk is currently inside."""

    review: bool
    level: int
    owners: list[str] | None = None
    context: list[str] = field(default_factory=list)
    seen_content: bool = False


@dataclass
class Scan:
    candidates: list[Candidate] = field(default_factory=list)
    has_markers: bool = False


def scan(entries: list[Entry]) -> Scan:
    """Candidates from sections and inline markers, in document order."""
    result = Scan()
    scope: Scope | None = None
    heading: str | None = None
    for index, entry in enumerate(entries):
        following = entries[index + 1] if index + 1 < len(entries) else None
        if entry.head.heading:
            heading = heading_text(entry.text)
            scope = _enter_heading(entry, scope, result)
            continue
        if entry.head.rule:
            scope = None if scope is not None and scope.seen_content else scope
            continue
        scope = _close_pseudo(entry, scope)
        opened = None if scope is not None and scope.review else _open_pseudo(entry)
        if opened is not None:
            result.has_markers = result.has_markers or not opened.review
            scope = opened
            continue
        if scope is None:
            _inline(entry, result, heading)
        elif not scope.review:
            _in_section(entry, following, scope, result)
        scope = _after_content(entry, scope)
    return result


def _enter_heading(entry: Entry, scope: Scope | None, result: Scan) -> Scope | None:
    level, text = entry.head.heading, entry.head.text
    if scope is not None and level > scope.level and scope.level != _PSEUDO:
        if not scope.review:
            scope.owners = _heading_owner(text)
        return scope
    if is_review_heading(text):
        return Scope(review=True, level=level)
    if is_action_heading(text):
        result.has_markers = True
        return Scope(review=False, level=level, context=[heading_text(text)])
    return None


def section_confidence(scope: Scope) -> float:
    """'Action Items' outranks 'Next steps' when a document has both lists."""
    heading = scope.context[0] if scope.context else ""
    return 0.9 if _MAIN_SECTION.search(heading) else 0.85


def _heading_owner(text: str) -> list[str] | None:
    """Owners as sub-headings ('### Deeptanshu'); topic sub-headings clear the owner."""
    plain = heading_text(text)
    if "`" in text or len(plain.split()) > 3:
        return None
    return names_if_plausible(plain) or None


def _open_pseudo(entry: Entry) -> Scope | None:
    """'**Action Items:**', '**Action item**', 'Review action items:' open a block."""
    if entry.is_list or len(entry.lines) > 1:
        return None
    text = entry.text
    marker = inline_marker(text)
    bare_marker = marker is not None and not marker.rest and marker.owner is None
    if not (bare_marker or pseudo_heading(text)):
        return None
    if is_review(text):
        return Scope(review=True, level=_PSEUDO)
    if bare_marker or is_action_heading(text):
        return Scope(review=False, level=_PSEUDO, context=[heading_text(text)])
    return None


def _close_pseudo(entry: Entry, scope: Scope | None) -> Scope | None:
    """A pseudo-heading's block ends at the first paragraph after its content."""
    if scope is None or scope.level != _PSEUDO:
        return scope
    if not entry.is_list and scope.seen_content:
        return None
    return scope


def _after_content(entry: Entry, scope: Scope | None) -> Scope | None:
    """Note that a section has content: a horizontal rule after it ends the section."""
    if scope is None:
        return None
    scope.seen_content = True
    if scope.level == _PSEUDO and scope.review and not entry.is_list:
        return None
    return scope


def _in_section(entry: Entry, following: Entry | None, scope: Scope, result: Scan) -> None:
    if is_lead_in(entry, following) and not inline_marker(entry.text):
        scope.context.append(strip_markdown(entry.text))
        return
    marker = inline_marker(entry.text)
    if marker is not None and marker.rest:
        result.candidates.extend(_as_section(from_marker(entry), scope))
        return
    found = from_list_entry(entry, scope.owners, list(scope.context))
    for candidate in found:
        candidate.confidence = section_confidence(scope)
    result.candidates.extend(found)


def _as_section(candidates: list[Candidate], scope: Scope) -> list[Candidate]:
    for candidate in candidates:
        candidate.confidence = section_confidence(scope)
        candidate.context = list(scope.context)
    return candidates


def _inline(entry: Entry, result: Scan, heading: str | None) -> None:
    """Inline labels anywhere in the entry tree; a bare label makes its children items."""
    for node in walk([entry]):
        marker = inline_marker(node.text)
        if marker is not None:
            result.has_markers = result.has_markers or not marker.weak
            if marker.rest:
                for candidate in from_marker(node):
                    candidate.topic = topic(entry, node, heading)
                    result.candidates.append(candidate)
            else:
                result.candidates.extend(
                    c for child in node.children for c in from_list_entry(child, None, [])
                )
            continue
        candidate = _owned_line(node)
        if candidate is not None:
            result.has_markers = True
            result.candidates.append(candidate)


def _owned_line(node: Entry) -> Candidate | None:
    """Owned checkboxes ('- [ ] @x to …'), '@user to …' and 'Owner: X' lines."""
    plain = strip_markdown(node.text)
    owned = lead_owner(plain)
    if owned is not None and (node.head.checkbox or _HANDLE_TO.match(plain)):
        return Candidate(plain, node.first, node.last, INLINE)
    field_split = owner_field(plain)
    if field_split is not None:
        task, owner = field_split
        return Candidate(task, node.first, node.last, INLINE, names_if_plausible(owner))
    return None


def commitments(entries: list[Entry]) -> list[Candidate]:
    """Untagged 'X will …', 'X to …', "I'll …" lines: used only when nothing is tagged.
    Summary tables hold whole paragraphs per cell, so each cell is read as prose."""
    found: list[Candidate] = []
    heading: str | None = None
    for root in entries:
        if root.head.heading:
            heading = heading_text(root.text)
            continue
        for node in walk([root]):
            if node.head.header:
                continue
            for text in node.head.cells or [node.text]:
                previous = None
                for sentence in sentences(strip_markdown(text)):
                    candidate = _commitment(sentence, node)
                    if candidate is not None:
                        candidate.topic = _referent(sentence, previous) or topic(
                            root, node, heading
                        )
                        found.append(candidate)
                    previous = sentence
    return found


def _referent(sentence: str, previous: str | None) -> str | None:
    """'Dana will do that': what 'that' is, said in the sentence before."""
    if previous and points_back(sentence):
        return previous[:_TOPIC_CHARS]
    return None


def topic(root: Entry, node: Entry, heading: str | None) -> str | None:
    """What a nested line is about: its top-level bullet, else the heading above it.
    "Niko will leave a comment" means little in a Slack message without it."""
    if node is not root and root.is_list:
        return strip_markdown(root.text)[:_TOPIC_CHARS] or None
    return None if heading is None or _GENERIC_HEADING.search(heading) else heading


def _commitment(sentence: str, node: Entry) -> Candidate | None:
    if _WEAK.search(sentence) or len(sentence.split()) < 4:
        return None
    mine = _SELF.match(sentence) or _SUBJECTLESS.match(sentence)
    if mine and node.head.speaker:
        return Candidate(mine.group("rest"), node.first, node.last, COMMITMENT, [node.head.speaker])
    owned = lead_owner(sentence)
    if owned is None or not owned.names or not any(n[:1].isupper() for n in owned.names):
        return None
    if any(_not_a_doer(name) for name in owned.names):
        return None
    return Candidate(sentence, node.first, node.last, COMMITMENT)


def _not_a_doer(name: str) -> bool:
    """'Easy to write …', 'Happy to take …', 'According to …', 'Allowing X to …': in
    untagged prose a capitalised adjective or gerund before 'to' is not an owner."""
    first = name.split()[0].lower()
    return first in _ADJECTIVES or (first.endswith("ing") and len(first) > 5)
