"""Cut an item's wording down to the task: marker, owner and markup removed."""

from __future__ import annotations

import re

from extractors.rules.text import strip_markdown

_NUMBERING = re.compile(r"^(?:#?\d+(?:\.\d+)+|\(?\d+[.)])\s*[-–:.)]?\s*")
_ASIDE = re.compile(r"\s*\((?:note|e\.g\.|i\.e\.|see|done|fyi)\b[^)]*\)", re.I)
_DONE_TAIL = re.compile(r"\s+(?:done|completed|update)\s*:\s*\S+\s*$", re.I)
_LEAD_FILLER = re.compile(r"^(?:to|will|should|please|->|→|[-–:])\s+", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z@])")


def strip_numbering(text: str) -> str:
    """'88.1-James to …' and '3) James to …': item numbers hide the owner."""
    return _NUMBERING.sub("", text.strip())


def clean_task(text: str) -> str:
    """Plain, capitalised task text without numbering, asides or a trailing period."""
    task = strip_markdown(text)
    task = _NUMBERING.sub("", task)
    task = _ASIDE.sub("", task)
    task = _DONE_TAIL.sub("", task)
    for _ in range(2):
        task = _LEAD_FILLER.sub("", task.strip())
    task = task.strip(" .;,:-–")
    return task[:1].upper() + task[1:] if task else task


_POINTS_BACK = re.compile(
    r"\b(?:do|handle|take care of|own|cover|pick up|look into)\s+(?:that|this|it)\b", re.I
)


def points_back(task: str) -> bool:
    """'Do that by Friday': the task is named elsewhere, usually the sentence before."""
    return bool(_POINTS_BACK.search(task))


def sentences(text: str) -> list[str]:
    """Sentences of an action paragraph; several owners mean several items."""
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()]


def looks_like_code(text: str) -> bool:
    """Option lists and code samples under an action heading are not tasks."""
    stripped = text.strip()
    return stripped.startswith("`") and stripped.count("`") >= 2 and stripped.endswith("`")
