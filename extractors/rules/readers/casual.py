"""Notes typed in lower case ('kwame to send figma link tmrw', 'marco: check w/ legal')
name people in lower case too; notes typed in capitals name everything in capitals, so
their statements are read as lower case first. Where a document is written that way, a
lower-case word in an owner's place is given a capital, so the owner forms every other
note uses read it.

An owner's place is the start of an entry (after any bullet or arrow) or the words after
an arrow or a sentence's end, before ' to ', ' will ', ':', or a '+ / &' joining another
such word; a name and a colon before a verb read as 'Name to …'. Common words never
become names there ('next to …', 'todo: …'; 'legal needs …' is left alone since 'needs'
is no owner link).
"""

from __future__ import annotations

import re

from extractors.rules.lexicon import GROUP_OWNERS, LABEL_WORDS, NOT_NAMES, TASK_VERBS

_CASUAL_SHARE = 0.6
_MIN_LINES = 3
_ENTRY = re.compile(r"^(?P<lead>\s*(?:->|=>|→|[-*+•–]|\d{1,2}[.)])?\s*)(?P<rest>.*)$")
_WORD = r"(?:[a-z]\.\s?[a-z][a-z'’-]{1,15}|[a-z][a-z'’-]{1,15})"
_OWNERS = re.compile(
    r"^(?P<label>(?:action|todo|ai|follow[- ]?up|next)\s*:\s*)?"
    rf"(?P<names>{_WORD}(?:\s+{_WORD})?(?:\s*(?:\+|/|&|\band\b)\s*{_WORD})*)"
    r"(?=\s*:\s|\s+(?:to|will|can|is going to|—|–|-)\s)"
)
_ARROW = re.compile(r"(?:->|→|=>)\s*|(?<=[a-z0-9)]{2}[.!?;])\s+")
"""Where a new owner's place starts inside a line: after an arrow or a sentence's end."""
_COLON_TASK = re.compile(r"^\s*:\s+(?P<verb>[A-Za-z]+)\b")
_NOT_OWNERS = (
    NOT_NAMES
    | LABEL_WORDS
    | TASK_VERBS
    | GROUP_OWNERS
    | frozenset(
        """
        yesterday today tomorrow tonight blockers blocker wip pto ooo fix bug bugs docs doc
        design eng legal marketing sales finance ops infra qa pricing budget copy icons api
        ui ux plan plans nice easy hard ready hoping trying going able need needs want wants
        likely unlikely happy glad sorry back up out in on off how what why next last later
        """.split()
    )
)


def is_casual(lines: list[str]) -> bool:
    """Most entries that start with a letter start in lower case."""
    starts = [m.group("rest")[:1] for m in map(_ENTRY.match, lines) if m and m.group("rest")]
    letters = [c for c in starts if c.isalpha()]
    return len(letters) >= _MIN_LINES and sum(c.islower() for c in letters) >= (
        _CASUAL_SHARE * len(letters)
    )


def capitalise_owners(line: str) -> str:
    """The line with the names in its owner places capitalised."""
    entry = _ENTRY.match(line)
    if entry is None:
        return line
    head, rest = entry.group("lead"), entry.group("rest")
    parts = _ARROW.split(rest)
    arrows = _ARROW.findall(rest)
    fixed = [_capitalised(part) for part in parts]
    joined = fixed[0] + "".join(a + p for a, p in zip(arrows, fixed[1:], strict=True))
    return head + joined


def _capitalised(part: str) -> str:
    """'marco: check w/ legal' reads as 'Marco to check w/ legal': in such notes a name
    and a colon before a verb hand the task over, as 'to' does."""
    match = _OWNERS.match(part)
    if match is None:
        return part
    names = match.group("names")
    words = re.findall(_WORD, names)
    if any(w in _NOT_OWNERS for w in words if w != "and"):
        return part
    title = re.sub(_WORD, _title, names)
    rest = part[match.end() :]
    handed = _COLON_TASK.match(rest)
    if handed is not None and handed.group("verb").lower() in TASK_VERBS:
        rest = f" to {rest[handed.start('verb') :]}"
    return (match.group("label") or "") + title + rest


def _title(word: re.Match[str]) -> str:
    """'m. hoffmann' → 'M. Hoffmann'; 'and' stays a joiner."""
    text = word.group()
    return text if text == "and" else re.sub(r"\b[a-z]", lambda c: c.group().upper(), text)


_SHOUTING_SHARE = 0.7
_SHOUTING_LINES = 5
_CAPS_HEADING = re.compile(r"^\s*(?:\d{1,2}[.)]\s+)?[^a-z.!?;]{2,60}:?\s*$")
"""'2. FUME HOOD INSPECTIONS': a heading in capitals, which stays one."""


def is_shouting(lines: list[str]) -> bool:
    """Notes typed in capitals throughout (a telex habit some committees keep)."""
    letters = [c for line in lines for c in line if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    written = [line for line in lines if line.strip()]
    return len(written) >= _SHOUTING_LINES and upper >= _SHOUTING_SHARE * max(len(letters), 1)


def lower_statements(line: str) -> str:
    """A statement in capitals read as typed in lower case; headings keep their capitals."""
    if len(line.split()) <= 6 and _CAPS_HEADING.match(line):
        return line
    return line.lower()
