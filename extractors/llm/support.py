"""Does the text the model cites actually say the task, and which few lines say it best?

A model may cite lines 1 to 999, or cite the right line for a task the notes never
contain. Both are caught here: evidence is at most `MAX_EVIDENCE_LINES` lines (a wider
span is narrowed to the shortest window that best supports the task), and a task counts
only when at least `MIN_SUPPORT` of its content words, stemmed so 'migrate' meets
'migration', appear in those lines. Owners and dates are then read from that window
alone, so a line elsewhere in the notes cannot set them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import snowballstemmer

from extractors.rules.text import STOPWORDS

MAX_EVIDENCE_LINES = 6
MIN_SUPPORT = 0.5
_WORD = re.compile(r"[^\W_]+")
_CONTRACTION = re.compile(r"['’](?:ll|re|ve|d|s|t|m)\b", re.IGNORECASE)
_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stems(text: str) -> frozenset[str]:
    """Stemmed content words: stopwords, contractions ("I'll") and single letters left out."""
    plain = _CONTRACTION.sub("", text.lower())
    words = [w for w in _WORD.findall(plain) if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]
    return frozenset(_stemmer.stemWords(words))


def support(task: str, lines: Sequence[str]) -> float:
    """The share of the task's content words found in `lines`; 0 for a task without any."""
    wanted = stems(task)
    if not wanted:
        return 0.0
    found = frozenset().union(*(stems(line) for line in lines))
    return len(wanted & found) / len(wanted)


def supported(task: str, lines: Sequence[str]) -> bool:
    return support(task, lines) >= MIN_SUPPORT


def narrowed(task: str, lines: Sequence[str], span: tuple[int, int]) -> tuple[int, int] | None:
    """The window of at most MAX_EVIDENCE_LINES inside `span` (1-based, inclusive over
    `lines`) that best supports the task, shortest and then earliest among equals; None
    when no window supports it."""
    wanted = stems(task)
    first, last = span
    found_on = [stems(lines[n - 1]) & wanted for n in range(first, last + 1)]
    best: tuple[tuple[int, int, int], int, int] | None = None
    for start, words in enumerate(found_on):
        if not words:
            continue
        found: set[str] = set()
        for end in range(start, min(start + MAX_EVIDENCE_LINES, len(found_on))):
            found |= found_on[end]
            rank = (len(found), start - end, -start)
            if best is None or rank > best[0]:
                best = (rank, start, end)
    if best is None or best[0][0] < MIN_SUPPORT * len(wanted):
        return None
    return first + best[1], first + best[2]
