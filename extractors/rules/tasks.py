"""Cut an item's wording down to the task: numbering, fillers and markup removed, and
the pieces that live in their own fields (date, owner, dependency) cut out by span."""

from __future__ import annotations

import re

from extractors.rules.text import strip_markdown

_NUMBERING = re.compile(r"^(?:#?\d+(?:\.\d+)+|\(?\d+[.)])\s*[-–:.)]?\s*")
_ASIDE = re.compile(r"\s*\((?:note|e\.g\.|i\.e\.|see|fyi)\b[^)]*\)", re.I)
_LEAD_FILLER = re.compile(r"^(?:to|will|should|please|pls|->|→|=>|[-–—:,])\s+", re.I)
_TAIL_FILLER = re.compile(r"(?:\s+(?:by|due|before|until|on|and|,|-|–|—))+\s*$", re.I)
_EMPTY_BRACKETS = re.compile(r"\([\s,;:]*\)|\[[\s,;:]*\]")
_NO_TASK = re.compile(
    r"^(?:none|n/?a|nothing|no action\b.*|tbd|-+|\.+|pr (?:landed|merged)\.?)$", re.I
)


def strip_numbering(text: str) -> str:
    """'88.1-James to …' and '3) James to …': item numbers hide the owner."""
    return _NUMBERING.sub("", text.strip())


def cut(text: str, start: int, end: int) -> str:
    """The text without [start, end), joined so no double spaces or orphan commas remain;
    a cut possessive ("tomorrow's retro") leaves "the retro"."""
    left, right = text[:start].rstrip(), text[end:].lstrip()
    possessive = re.match(r"^['’]s\b\s*", right)
    if possessive:
        right = "the " + right[possessive.end() :]
    if right[:1] in (",", ";", ".") and not left.endswith((",", ";")):
        right = right[1:].lstrip()
    return (
        f"{left} {right}".strip() if left and right and right[:1] not in ".,;:)" else left + right
    )


def clean_task(text: str) -> str:
    """Plain, capitalised task text without numbering, asides or dangling connectors."""
    task = strip_markdown(text)
    task = _NUMBERING.sub("", task)
    task = _ASIDE.sub("", task)
    task = _EMPTY_BRACKETS.sub("", task)
    for _ in range(2):
        task = _LEAD_FILLER.sub("", task.strip())
    task = _TAIL_FILLER.sub("", task.strip(" .;,:-–—!"))
    task = _balanced(re.sub(r"\s+", " ", task).strip(" .;,:-–—"))
    return task[:1].upper() + task[1:] if task else task


def _balanced(task: str) -> str:
    """A bracket left open or closed alone by a cut ('sweep (16 Oct)' less its date)."""
    if task.endswith((")", "]")) and task.count(task[-1]) > task.count(
        "(" if task[-1] == ")" else "["
    ):
        task = task[:-1].rstrip(" .;,:-–—")
    if task.startswith(("(", "[")) and task.count(task[0]) > task.count(
        ")" if task[0] == "(" else "]"
    ):
        task = task[1:].lstrip()
    return task


def is_empty_task(text: str) -> bool:
    """'ACTION: none', 'PR landed' and bare punctuation hold no task."""
    return not text.strip() or bool(_NO_TASK.match(text.strip()))
