"""How two task descriptions are compared, so a restated item is recognised."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    ["a", "an", "the", "to", "of", "for", "and", "or", "on", "in", "with", "by", "at", "is", "be"]
)


def task_key(task: str) -> str:
    """A stable, normalised form of a task: case, punctuation and spacing do not matter."""
    return " ".join(_WORD.findall(task.lower()))[:200]


def task_tokens(task: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(task.lower()) if w not in _STOPWORDS)


def task_similarity(a: str, b: str) -> float:
    """Jaccard similarity of content words: 1.0 for the same task however it is punctuated."""
    left, right = task_tokens(a), task_tokens(b)
    if not left or not right:
        return 0.0
    return len(left & right) / len(left | right)
