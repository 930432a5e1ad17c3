"""How two task descriptions are compared, so a restated item is recognised and two
different items are never taken for one.

Dates are left out of the comparison: "finish the API by Friday" restated next week
as "finish the API by Dec 4" is the same task with a new date, not a new task. So is
what the task waits on: "build checkout, blocked by the API" is "build checkout".
What is left of a number, an identifier or a name is what tells near-identical tasks
apart ("Deliver widget 0 report" and "… 1 …", "Fix ABC-12" and "Fix ABC-13", "Call
Acme" and "Call Globex"), so two tasks that differ in one are never the same task.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    ["a", "an", "the", "to", "of", "for", "and", "or", "on", "in", "with", "at", "is", "be"]
)
_DATE_WORDS = frozenset(
    "by before until due eod eow eom end next this week month quarter today tomorrow "
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri "
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april "
    "june july august september october november december".split()
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_PHRASE = re.compile(
    rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|"
    rf"(?:{_DAY} {_MONTH}|{_MONTH} {_DAY})(?:,? \d{{4}})?|(?:by|in|before|until|end of) q[1-4]|"
    rf"(?:in|within) \d+ (?:days?|weeks?)|\d+ (?:days?|weeks?) from (?:now|today))(?=\W|$)",
    re.IGNORECASE,
)
_DEPENDENCY_CLAUSE = re.compile(
    r"[,;(]?\s*\b(?:blocked (?:by|on)|waiting (?:on|for)|depends on|dependent on|after\b.*"
    r"\b(?:ships|lands|is done|is merged))\b.*$",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"#?[A-Za-z0-9][\w.\-/]*[A-Za-z0-9]|#?[A-Za-z0-9]")
_FILE_NAME = re.compile(r"^[\w\-]+\.[a-z][a-z0-9]{0,4}$", re.IGNORECASE)


def _own_words(task: str) -> str:
    """The task without what it waits on and without its dates."""
    return _DATE_PHRASE.sub(" ", _DEPENDENCY_CLAUSE.sub("", task))


def _content_words(task: str) -> list[str]:
    own = _own_words(task).lower()
    return [
        w
        for w in _WORD.findall(own)
        if w not in _STOPWORDS and w not in _DATE_WORDS and not w.isdigit()
    ]


def _is_mark(token: str, position: int) -> bool:
    """A number, an identifier (v2.1, ABC-12, #34), a file name, or a name (a capital
    letter anywhere but the task's first word, which notes capitalise anyway)."""
    bare = token.lstrip("#").rstrip(".")
    if bare.lower() in _DATE_WORDS or bare.lower() in _STOPWORDS:
        return False
    if any(c.isdigit() for c in bare) or _FILE_NAME.match(bare):
        return True
    return position > 0 and any(c.isupper() for c in bare)


def _tokens(task: str) -> list[str]:
    return [t.lstrip("#").rstrip(".").lower() for t in _TOKEN.findall(_own_words(task))]


def content_word_set(text: str) -> frozenset[str]:
    """The words that carry a task's meaning: no stopwords, dates or bare numbers."""
    return frozenset(_content_words(text))


def distinguishing_marks(task: str) -> frozenset[str]:
    """The numbers, identifiers, file names and names of a task, lower-cased."""
    found = _TOKEN.findall(_own_words(task))
    return frozenset(
        t.lstrip("#").rstrip(".").lower() for i, t in enumerate(found) if _is_mark(t, i)
    )


def marks_agree(a: str, b: str) -> bool:
    """Every mark of either task appears, in any case, among the other's words.

    Presence rather than equal sets, so "update the Runbook" and "Update the runbook"
    agree while "Deliver widget 0 report" and "Deliver widget 1 report" do not.
    """
    words_a, words_b = set(_tokens(a)), set(_tokens(b))
    return distinguishing_marks(a) <= words_b and distinguishing_marks(b) <= words_a


def task_key(task: str) -> str:
    """A coarse, normalised form of a task for finding candidates in one query: case,
    punctuation, spacing, dates and numbers do not matter. Equal keys alone do not make
    two tasks one; `same_task` decides."""
    return " ".join(_content_words(task))[:200]


def task_similarity(a: str, b: str) -> float:
    """Jaccard similarity of content words: 1.0 for the same task however it is dated."""
    left, right = set(_content_words(a)), set(_content_words(b))
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)


def same_task(a: str, b: str, *, similarity: float = 1.0) -> bool:
    """The same task, perhaps re-dated or reworded: its content words match (equal
    keys, or at least `similarity`) and no number, identifier or name differs."""
    if not marks_agree(a, b):
        return False
    return task_key(a) == task_key(b) or task_similarity(a, b) >= similarity


def target_coverage(target: str, task: str) -> tuple[float, float]:
    """How well the words of a dependency ('blocked by the invoicing API') name a task:
    (share of the target's content words in the task, Jaccard similarity), or (0, 0)
    when a number, identifier or name of the target is missing from the task."""
    wanted, offered = set(_content_words(target)), set(_content_words(task))
    if not wanted or not distinguishing_marks(target) <= set(_tokens(task)):
        return 0.0, 0.0
    return len(wanted & offered) / len(wanted), task_similarity(target, task)
