"""Whether some written words can be someone's name, and splitting 'A / B & C' into owners.

Owners are kept as written (the list's own form: 'JB', '@lidel', 'Linux Foundation',
'everyone'); this module only decides what can be an owner at all.
"""

from __future__ import annotations

import re

from extractors.rules.lexicon import GROUP_OWNERS, LABEL_WORDS, NOT_NAMES, TASK_VERBS

_HEDGES = re.compile(r"\b(?:maybe|perhaps|probably|possibly|likely|tentatively)\b|\?", re.I)
_NOBODY = re.compile(
    r"^(?:tb[ad]\w*|to be (?:assigned|determined)|unassigned|unclaimed|unowned|unknown|none|"
    r"nobody|no one|n/?a|\?+|-+)$",
    re.I,
)
_WORD_BREAK = re.compile(r"[\s_(]+")
_AT_SPACE = re.compile(r"^@\s+")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_SPLIT = re.compile(r"\s*(?:/|&|\+|,|;|\band\b)\s*")
_MARKUP = re.compile(r"[\[\]`#<>{}|=]")
_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
_HANDLE = re.compile(r"^@\s?[\w][\w.-]*$")
_HANDLES = re.compile(r"^@[\w.-]+(?:\s+@[\w.-]+)+$")
_INITIAL = re.compile(r"^[A-Z]\.\s?[A-Z][a-z]")
"""'A. Jones', 'J.Smith': an initial and a surname, though 'A' alone is an article."""
_TITLE_START = re.compile(
    r"^(?:action|next[ -]steps?|follow[ -]?ups?|to-?dos?|attendees|agenda|decisions?|recap)\b",
    re.I,
)


def is_label_word(name: str) -> bool:
    """True for 'Note:'-style labels and section titles ('Follow-ups', 'Next steps') that
    look like a speaker but are not a person."""
    first = _WORD_BREAK.split(name.strip("*_[] ").lower())[0].rstrip(".:")
    return first in LABEL_WORDS or bool(_TITLE_START.match(name.strip("*_[] ")))


def clean_name(name: str) -> str:
    """'Dan?' -> 'Dan', '[Jenn Bonner]' -> 'Jenn Bonner', 'maybe niko' -> 'niko'."""
    name = _HEDGES.sub(" ", name)
    name = _AT_SPACE.sub("@", name.strip())
    return _SPACES.sub(" ", name).strip(" []()*_.,:;\"'")


def is_group(name: str) -> bool:
    return name.lower().lstrip("@") in GROUP_OWNERS


def plausible(name: str) -> bool:
    """Code, links, markup and ordinary words ('Discussion', 'It') are never a name."""
    words = name.split()
    if not words or len(words) > 4 or _MARKUP.search(name):
        return False
    if _EMAIL.match(name) or _HANDLE.match(name):
        return True
    if name.startswith("@") and all(w[:1].isupper() for w in words[1:]) and len(words) <= 3:
        return True
    if _INITIAL.match(name):
        return True
    if _DIGIT.search(name) or is_label_word(name):
        return False
    if is_group(name) or is_group(words[0]) or name.lower().startswith("the "):
        return len(words) <= 3
    if words[0].lower().strip(".") in NOT_NAMES:
        return False
    return name[0].isupper() or len(words) == 1


def parse_names(text: str) -> list[str]:
    """'A / B', 'A & B', 'A and B' are two owners; hedges and 'TBD' vanish."""
    inner = re.search(r"\(([^)]+)\)", text)
    if inner and _role(inner, text):
        text = f"{text[: inner.start()]} {text[inner.end() :]}"
    elif inner and all(plausible(n) for n in _parts(inner.group(1))):
        text = inner.group(1)
    names = [n for n in _parts(text) if not _NOBODY.match(n)]
    if len(names) > 1:
        names = [n for n in names if n.lower() not in ("team", "the team", "others")]
    return names


def _role(inner: re.Match[str], text: str) -> bool:
    """'Marisol (support)', 'Carmen (carmen@x.io)': a person and, in lower case, their
    role or address; 'MAINT (R. Osei)' names the person inside."""
    outer = text[: inner.start()].strip()
    return inner.group(1).islower() and outer[:1].isupper() and not outer.isupper()


def _parts(text: str) -> list[str]:
    if _HANDLES.match(text.strip()):
        return text.split()
    return [clean_name(part) for part in _SPLIT.split(text) if clean_name(part)]


def names_if_plausible(text: str) -> list[str] | None:
    """The names in `text` when every part looks like a person or group, else None;
    an explicit nobody ('TBD', '?', 'unassigned') is the empty list."""
    cleaned = clean_name(text)
    if not cleaned or _NOBODY.match(cleaned):
        return []
    names = parse_names(text)
    return names if names and all(plausible(n) for n in names) else None


def names_over_tasks(text: str) -> list[str] | None:
    """The people a line written alone above a list of tasks names ('Sam Ortiz',
    'Priya & Omar'); [] for 'Unassigned'; None for a topic. A topic reads much like a
    name ('Billing', 'Launch prep'), so one word alone is taken for a topic, and every
    part must be capitalised words, none of them a task's verb."""
    names = names_if_plausible(text)
    if names is None or names == []:
        return names
    words = [n.split() for n in names]
    if any(w[0].lower() in TASK_VERBS or len(w) > 2 for w in words):
        return None
    capitalised = all(part[:1].isupper() for w in words for part in w)
    full = len(names) >= 2 or len(words[0]) == 2
    return names if capitalised and full else None
