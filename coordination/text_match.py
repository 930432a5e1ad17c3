"""How two task descriptions are compared, so a restated item is recognised.

Dates are left out of the comparison: "finish the API by Friday" restated next week
as "finish the API by Dec 4" is the same task with a new date, not a new task. So is
what the task waits on: "build checkout, blocked by the API" is "build checkout".
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


_DEPENDENCY_CLAUSE = re.compile(
    r"[,;(]?\s*\b(?:blocked (?:by|on)|waiting (?:on|for)|depends on|dependent on|after\b.*"
    r"\b(?:ships|lands|is done|is merged))\b.*$"
)


def _content_words(task: str) -> list[str]:
    own = _DEPENDENCY_CLAUSE.sub("", task.lower())
    return [
        w
        for w in _WORD.findall(own)
        if w not in _STOPWORDS and w not in _DATE_WORDS and not w.isdigit()
    ]


def task_key(task: str) -> str:
    """A stable, normalised form of a task: case, punctuation, spacing and dates do not matter."""
    return " ".join(_content_words(task))[:200]


def task_similarity(a: str, b: str) -> float:
    """Jaccard similarity of content words: 1.0 for the same task however it is dated."""
    left, right = set(_content_words(a)), set(_content_words(b))
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)
