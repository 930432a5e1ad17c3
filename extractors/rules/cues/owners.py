"""Where a task names its owner: before it ('Sam to …', 'Lee - …', '[jo] …', '@kim …'),
after it ('… (Lee)', '… — Ana', '… - @jo', '… [A & B]', '(Lead: X)') or in a field
('Owner: X'). Owners are returned as written, with the task text left once they are cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.rules.cues.names import clean_name, is_group, names_if_plausible
from extractors.rules.lexicon import TASK_VERBS
from extractors.rules.text import first_word

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"@[\w][\w.-]*[\w]"
_CAP_WORD = r"[A-Z][\w'’-]*\.?"
_NAME = rf"(?:{_EMAIL}|{_HANDLE}|{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}}|[a-z][a-z0-9_.-]{{1,19}})"
_NAMES = (
    rf"{_NAME}(?:\s*(?:/|&|\+|,|\band\b)\s*{_NAME})*"
    r"(?:\s+(?:team|folks|squad|crew|group)|\s+and\s+(?:the\s+)?team)?"
)
"""'Sam', 'A / B & C', 'Android team', 'Ana and the team'."""
_PAREN_NAMES = rf"\s*\((?P<inner>{_NAMES})\)"
_VERB_LINK = (
    r"(?:\s+(?:(?:will|shall|should|must|can)(?:\s+also)?|to|please|is going to|are going to|"
    r"(?:is|are) encouraged to|(?:has |have )?(?:volunteered|agreed|offered|promised|committed|"
    r"signed up|stepped up) to|takes? (?:an )?action to|takes? the action to|needs? to|"
    r"plans? to|intends? to|(?:is|are) (?:on|taking|owning)|"
    r"(?:said|says|mentioned|confirmed|promised) (?:that )?(?:she|he|they)"
    r"(?:['’]d|['’]ll| would| will| is going to| are going to| can))\b|\s*(?:→|->|=>))"
)
_LEAD = re.compile(
    rf"^(?P<names>{_NAMES})(?:{_PAREN_NAMES})?(?P<link>{_VERB_LINK})"
    r"(?!\s+(?:be|you|we|i|someone|anyone)\b)\s*(?P<rest>.+)$"
)
_LEAD_GROUP = re.compile(
    rf"^[A-Z][\w'’-]*(?:\s+[\w'’-]+){{0,3}}{_PAREN_NAMES}{_VERB_LINK}(?!\s+be\b)\s*(?P<rest>.+)$"
)
_DOC_MENTION = r"@[A-Z][\w'’-]+\s+[A-Z][\w'’-]+(?=\s+[a-z])"
"""'@Alice Smith review …': a person chip from a Google Docs or Notion export."""
_MENTION = rf"(?:{_DOC_MENTION}|{_HANDLE})"
_ASKED = r"(?i:(?:(?:can|could|would|will) you|please|pls|kindly)\s+(?:please\s+)?)?"
"""'@kim can you check the logs': what a request adds before the task."""
_LEAD_HANDLES = re.compile(
    rf"^(?P<names>{_MENTION}(?:\s*(?:/|&|,|and|\s)\s*{_MENTION})*)\s*[:,]?\s+{_ASKED}"
    r"(?P<rest>[A-Za-z]+\s+\S.*)$"
)
_JOINERS = frozenset("and or etc plus with from of in on at for".split())
"""'@a @b and more': what follows names that is not a task."""
_LEAD_ASIDE = re.compile(r"^(?P<word>[A-Za-z]+)\s*:\s+(?P<rest>\S.+)$")
_ASIDE_LABELS = frozenset("next then also plus update today tomorrow later finally".split())
"""'Next: Priya to write the notes': a word of sequence before the owner, not a name."""
_LEAD_PRESENT = re.compile(
    rf"^(?P<names>{_CAP_WORD}(?:\s+{_CAP_WORD})?)\s+(?P<verb>[a-z]+?)(?P<ending>ies|es|s)\s+"
    r"(?P<rest>\S.+)$"
)
"""'Action: Nina sets up a weekly triage': an action written as a statement of fact."""
_LEAD_GERUND = re.compile(r"^(?P<names>[A-Z]{2,4})\s+(?P<rest>[a-z]+ing\b.+)$")
_FOR_WHOM = re.compile(r"^for\s+(?P<names>[^:]{1,40}):\s*(?P<rest>.+)$", re.I)
_LEAD_BRACKET = re.compile(r"^\[(?P<names>[^\]]{1,40})\]\s*[-–—:]?\s*(?P<rest>.+)$")
_LEAD_PAREN = re.compile(r"^\((?P<names>[^)]{1,40})\)\s*[-–—:]?\s*(?P<rest>.+)$")
_LEAD_ACRONYM = re.compile(r"^(?P<names>[A-Z]{2,5})\s+(?P<rest>[a-z]+\b.+)$")
_LEAD_COMMA = re.compile(rf"^(?P<names>{_NAMES}),\s+(?P<rest>[a-z].+)$")
_LEAD_GROUP_VERB = re.compile(
    r"^(?P<names>(?:all|everyone|everybody|folks|the team|team)(?:\s+(?:present|here|else))?)\s+"
    r"(?P<rest>[a-z]+\b.+)$",
    re.I,
)
_LEAD_LABEL = re.compile(r"^(?P<names>[^:\d]{1,40}?)\s*:\s+(?P<rest>\S.+)$")
_BARE_NAME = rf"(?:{_HANDLE}|[A-Z][\w-]+(?:['’][A-Z][\w-]+)?)"
"""'O'Brien' is a name; 'I'll' is the writer speaking."""
_BARE_FULL_NAME = rf"{_BARE_NAME}(?:\s+[A-Z][\w-]+)?"
_LEAD_BARE = re.compile(
    rf"^(?P<names>{_BARE_FULL_NAME}(?:\s*(?:/|&|\+|,|\band\b)\s*{_BARE_FULL_NAME})*)"
    r"\s+(?P<rest>[a-z]+\b.+)$"
)
"""'Sam send them the spec', 'Carl + Bea write up …': a name, then the task in the
imperative, as terse action lists write it."""
_CLAUSE = re.compile(
    r"^(?P<clause>(?:if|once|when|before|after|since|as soon as|given|unless)\b[^,]{1,80}),"
    r"\s+(?P<rest>.+)$",
    re.I,
)
_INNER = re.compile(
    rf"(?:^|,\s+|;\s+|\s+and\s+|\s+but\s+|\b(?:probably|maybe|perhaps)\s+)"
    rf"(?P<names>{_HANDLE}|{_CAP_WORD}(?:\s+{_CAP_WORD})?)\s+(?:will|to|is going to)\s+(?!be\b)"
    r"(?P<rest>[a-z].+)$"
)
_LEAD_DASH = re.compile(rf"^(?P<names>{_NAMES})\s*(?:\s[-–—]|--|:)\s*(?P<rest>\S.+)$")
_TRAIL_FIELD = re.compile(
    r"\s*[(\[](?:lead|owner|owners|assignee|assigned to|who|by|dri)\s*[:=-]\s*([^)\]]+)[)\]]", re.I
)
_TRAIL_BRACKET = re.compile(r"\s*\[([^\]]{1,60})\]\s*[.]?\s*$")
_PARENS = re.compile(r"\s*\(([^()]{1,60})\)\s*[.]?\s*$")
_INNER_PARENS = re.compile(r"\s*\((@[\w.-]+|[A-Za-z][A-Za-z0-9.-]+)\)(?=\s)")
_TRAIL_DASH = re.compile(rf"\s+(?:[-–—]|--)\s*(?P<names>{_NAMES})\s*[.]?\s*$")
_TRAIL_ARROW = re.compile(rf"\s*(?:=>|->|→)\s*(?P<names>{_NAMES})\s*[.]?\s*$")
"""'Vendor audit => Sam': the arrow hands the task to someone."""
_TRAIL_MENTION = r"(?:@[A-Z][\w'’-]+\s+[A-Z][\w'’-]+|" + _HANDLE + ")"
_TRAIL_HANDLE = re.compile(
    rf"\s+(?P<names>{_TRAIL_MENTION}(?:\s*(?:,|&|and)\s*{_TRAIL_MENTION})*)\s*[.]?\s*$"
)


_DIGIT = re.compile(r"\d")
_ACRONYM = re.compile(r"[A-Z0-9]{2,}s?")
_TRAIL_MAYBE = re.compile(r"[(\[@—–]|\s-")
_ASIDES = frozenset(
    """
    optional urgent tentative draft wip again recurring ongoing blocked pending later asap
    important high low medium priority done todo tbd maybe soon now first next new old
    proposed approved accepted rejected merged closed deferred postponed nominated fyi rfc
    pr optional required stretch
    """.split()
)
"""Words people put in parentheses that are not someone's name."""


@dataclass(frozen=True)
class OwnerSplit:
    """Owners found in a task's text, and the text left once they are cut."""

    names: list[str]
    rest: str
    committed: bool = False
    """Written with a commitment verb ('Sam will …', 'Jo agreed to …')."""


def _starts_task(text: str) -> bool:
    """Text after a dash or colon reads as a task: it opens with a verb or in lower case."""
    words = text.split()
    return bool(words) and (words[0][:1].islower() or first_word(text) in TASK_VERBS)


def lead_owner(
    text: str, *, dash: bool = False, known: frozenset[str] = frozenset()
) -> OwnerSplit | None:
    """Owner written before the task. `dash` also reads 'Lee - draft the FAQ' and
    'Lee: draft the FAQ', which only action lists use for owners (elsewhere a dash or
    colon after a word is as often a topic)."""
    aside = _LEAD_ASIDE.match(text)
    if aside and aside.group("word").lower() in _ASIDE_LABELS:
        return lead_owner(aside.group("rest"), dash=dash, known=known)
    text = _chip_then_verb(text)
    for pattern in (_FOR_WHOM, _LEAD, _LEAD_GROUP, _LEAD_HANDLES, _LEAD_BRACKET, _LEAD_GERUND):
        match = pattern.match(text)
        if not match:
            continue
        groups = match.groupdict()
        if first_word(match.group("rest")) in _JOINERS:
            continue
        inner, outer = groups.get("inner"), groups.get("names")
        names = names_if_plausible(f"{outer} ({inner})" if inner and outer else inner or outer)
        if names == [] and pattern is _LEAD_BRACKET:
            return OwnerSplit([], match.group("rest").strip())
        link_written = (groups.get("link") or "").strip()
        if link_written in ("is on", "are on") and len(match.group("rest").split()) < 2:
            continue
        if names and not _verb_not_name(names, known):
            link = (groups.get("link") or "").strip()
            committed = link not in ("", "to", "→", "->", "=>", "needs to", "need to")
            rest = match.group("rest").strip()
            if pattern is _LEAD_HANDLES and imperative(first_word(rest)):
                rest = f"{imperative(first_word(rest))} {rest.split(None, 1)[1]}"
                committed = True
            return OwnerSplit(names, rest, committed)
    if dash:
        return _dash_owner(text, known) or _after_clause(text, known) or _present_owner(text)
    return None


_CHIP_VERB = re.compile(r"^(?P<chip>@?[A-Z][\w'’-]+\s+[A-Z][\w'’-]+)\s+(?P<verb>[A-Z][a-z]+)\b")


def _chip_then_verb(text: str) -> str:
    """'@Omar Haddad Send the link', 'Ana Lima Update the FAQ': a person chip (exported
    with or without its '@'), then the task with its capital."""
    match = _CHIP_VERB.match(text)
    if match is None or match.group("verb").lower() not in TASK_VERBS:
        return text
    surname = match.group("chip").split()[1].lower()
    if surname in TASK_VERBS:
        return text
    return f"{match.group('chip')} {match.group('verb').lower()}{text[match.end() :]}"


def _present_owner(text: str) -> OwnerSplit | None:
    match = _LEAD_PRESENT.match(text)
    if match is None:
        return None
    stem = imperative(match.group("verb") + match.group("ending"))
    written = match.group("names")
    names = names_if_plausible(written)
    opening = written.split()[0].lower()
    if stem is None or not names or opening in TASK_VERBS or opening in _NOT_SUBJECTS:
        return None
    return OwnerSplit(names, f"{stem} {match.group('rest')}", committed=True)


_NOT_SUBJECTS = frozenset("the a an this that it we they there he she".split())
"""'The TAC gives guidance' describes a body's role; an owner is someone by name."""
_THIRD_PERSON_VERB = re.compile(r"^(?P<verb>[a-z]+?)(?P<ending>ies|es|s)$")


def imperative(word: str) -> str | None:
    """The verb back in the imperative a task is written in: 'sets' → 'set', 'owns' →
    'own'; None when the word is no task verb in the third person."""
    match = _THIRD_PERSON_VERB.match(word.lower())
    if match is None:
        return None
    verb, ending = match.group("verb"), match.group("ending")
    stems = {"ies": [verb + "y"], "es": [verb, verb + "e"], "s": [verb]}[ending]
    return next((v for v in stems if v in TASK_VERBS), None)


def _after_clause(text: str, known: frozenset[str]) -> OwnerSplit | None:
    """'If no objections, sam to add the PR': the owner follows a leading condition."""
    match = _CLAUSE.match(text)
    if match is None:
        return None
    inner = lead_owner(match.group("rest"), known=known)
    if inner is None:
        return None
    return OwnerSplit(inner.names, f"{match.group('clause')}, {inner.rest}", inner.committed)


def inner_owner(text: str) -> OwnerSplit | None:
    """'The jobs were kept and @jo will move them to the archive': an owner inside the
    sentence, read only where a label says the sentence is an action."""
    match = _INNER.search(text)
    if match is None:
        return None
    names = names_if_plausible(match.group("names"))
    if not names or _verb_not_name(names, frozenset()):
        return None
    return OwnerSplit(names, match.group("rest").strip(), True)


_CATENATIVE = frozenset(
    """
    aim agree arrange ask attempt begin choose continue decide expect fail forget help hope
    intend learn manage need offer plan prepare promise propose refuse remember seem start
    tend try want wish
    """.split()
)


def _verb_not_name(names: list[str], known: frozenset[str]) -> bool:
    """'Try to reproduce', 'Continue to update': a verb that takes 'to' opens a task;
    'Mark to update …' is Mark. 'Migrate DNS to the new provider' is a task too: a verb
    followed by an acronym is no one's name, while 'Mark Lee' still is."""
    only = names[0].lower()
    if len(names) == 1 and only in known:
        return False
    words = names[0].split() if len(names) == 1 else []
    if len(words) >= 2 and words[0].lower() in TASK_VERBS and _ACRONYM.fullmatch(words[1]):
        return True
    return len(names) == 1 and only in _CATENATIVE


def _dash_owner(text: str, known: frozenset[str]) -> OwnerSplit | None:
    """'Lee - draft the FAQ', 'Lee: draft …', 'everyone, post …', 'ECH release …',
    'Google toolchain folks: gather …', '(Nathan) publish …'."""
    for pattern in (
        _LEAD_DASH,
        _LEAD_PAREN,
        _LEAD_COMMA,
        _LEAD_GROUP_VERB,
        _LEAD_ACRONYM,
        _LEAD_LABEL,
        _LEAD_BARE,
    ):
        found = _dash_form(pattern, text, known)
        if found is not None:
            return found
    return None


_GROUP_TAIL = re.compile(r"\b(?:folks|team|people|members|staff|group|owners|maintainers)$", re.I)


def _name_like(written: str) -> bool:
    """'JF / BN', 'Dan?', 'Google toolchain folks' name owners; 'Legal review form' is a topic."""
    words = written.replace("/", " ").replace("&", " ").split()
    if not words or len(words) > 4:
        return False
    if _GROUP_TAIL.search(written):
        return True
    return all(w[:1].isupper() or w[:1] == "@" or w.lower() in ("and", "or") for w in words)


def _dash_form(pattern: re.Pattern[str], text: str, known: frozenset[str]) -> OwnerSplit | None:
    match = pattern.match(text)
    colon = pattern is _LEAD_LABEL or (
        match is not None and ":" in text[match.end("names") : match.start("rest")]
    )
    if not match or not (colon or _starts_task(match.group("rest"))):
        return None
    written = match.group("names")
    if pattern is _LEAD_LABEL and not _name_like(written):
        return None
    if pattern is _LEAD_COMMA and not (is_group(written) or written.lower() in known):
        return None
    if pattern in (_LEAD_ACRONYM, _LEAD_GROUP_VERB) and not _starts_task_verb(match):
        return None
    if pattern is _LEAD_BARE and not _bare_owner(written, match.group("rest"), known):
        return None
    if pattern is _LEAD_PAREN and not _short(written):
        return None
    names = names_if_plausible(written)
    if not names:
        return None
    single_word_topic = len(names) == 1 and " " not in names[0] and names[0][0].isupper()
    if single_word_topic and names[0].lower() not in known and not _starts_task_verb(match):
        return None
    return OwnerSplit(names, match.group("rest").strip())


def _bare_owner(written: str, rest: str, known: frozenset[str]) -> bool:
    """Only a verb in its base form after the name marks it an owner ('Sam send …'),
    and the name must not itself be a verb ('Review update docs')."""
    first = written.split()[0].lower().lstrip("@")
    return first_word(rest) in TASK_VERBS and (first in known or first not in TASK_VERBS)


def _starts_task_verb(match: re.Match[str]) -> bool:
    first = match.group("rest").split()[0].lower().strip(".,:")
    return first in TASK_VERBS or first.endswith(("ize", "ise", "ify", "ate"))


def trailing_owner(text: str, *, dash: bool = False) -> OwnerSplit | None:
    """Owner written after the task: '(Lead: X)', '(scottmcm)', '[A & B]', '(?)', and in
    action lists '— Ana', '- @jo', '@kim' at the end."""
    if not _TRAIL_MAYBE.search(text) and ">" not in text and "→" not in text:
        return None
    patterns = [_TRAIL_FIELD, _TRAIL_BRACKET, _PARENS, _TRAIL_ARROW]
    if dash:
        patterns += [_TRAIL_DASH, _TRAIL_HANDLE, _INNER_PARENS]
    for pattern in patterns:
        for match in pattern.finditer(text):
            inner = match.group(1) if pattern.groups == 1 else match.group("names")
            names = names_if_plausible(inner)
            if names is None or (pattern in (_PARENS, _INNER_PARENS) and not _short(inner)):
                continue
            rest = (text[: match.start()] + text[match.end() :]).strip()
            if not rest:
                continue
            return OwnerSplit(names, rest)
    return None


def _short(inner: str) -> bool:
    """Bare parentheses name someone only when short and name-like: '(scottmcm)',
    '(maybe X?)', '(?)', '(Ana Lima)' — not '(Windows only)'."""
    words = clean_name(inner).split()
    if len(words) > 3 or _DIGIT.search(inner):
        return False
    if len(words) == 1:
        return words[0].lower() not in _ASIDES
    return all(w[:1].isupper() or w[:1] == "@" for w in words)
