"""Plain-text tables whose columns are lined up with spaces, as e-mail, terminals and
postmortem templates print them:

    Action                         Owner           Due
    Move the dedupe write earlier  Lars Eriksen    Apr 23

The header decides: it must name a task column and an owner or due column (the same
names `tables.py` reads), so prose that happens to hold double spaces is never a table.
Each row is cut at the header's column starts, so a cell may hold single spaces.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from extractors.rules.readers.lines import Line

_GAP = re.compile(r"\S+(?: \S+)*")
_TASK_HEADER = re.compile(
    r"^(?:action(?: items?)?|actions?|tasks?|to-?dos?|follow[- ]?ups?|items?|what|description)$",
    re.I,
)
_OTHER_HEADER = re.compile(
    r"^(?:owners?|who|assignees?|assigned(?: to)?|responsible|dri|due(?: date)?|deadline|"
    r"when|by when|target(?: date)?|eta|status)$",
    re.I,
)


def fold_aligned_tables(lines: list[Line]) -> list[Line]:
    """Header and rows of each aligned table get their cells; other lines pass as is."""
    out = list(lines)
    index = 0
    while index < len(out):
        starts = _header_columns(out[index])
        if starts is None:
            index += 1
            continue
        header = out[index]
        out[index] = replace(header, cells=_cut(header.raw, starts), header=True, bullet=False)
        index += 1
        while index < len(out) and not out[index].blank and _fits(out[index].raw, starts):
            row = out[index]
            out[index] = replace(row, cells=_cut(row.raw, starts), bullet=False, check=None)
            index += 1
    return out


def _header_columns(line: Line) -> list[int] | None:
    if line.blank or line.cells is not None or line.heading:
        return None
    cells = [(m.start(), m.group()) for m in _GAP.finditer(line.raw.replace("\t", "    "))]
    if len(cells) < 2 or "  " not in line.raw.strip():
        return None
    names = [text for _, text in cells]
    if not any(_TASK_HEADER.match(n) for n in names):
        return None
    if not any(_OTHER_HEADER.match(n) for n in names):
        return None
    return [start for start, _ in cells]


def _fits(raw: str, starts: list[int]) -> bool:
    """A row has text at the first column and a gap before each later column it fills."""
    text = raw.replace("\t", "    ")
    if len(text) - len(text.lstrip()) > starts[0] + 2 or not text.strip():
        return False
    return all(start >= len(text) or text[start - 1] == " " for start in starts[1:])


def _cut(raw: str, starts: list[int]) -> tuple[str, ...]:
    text = raw.replace("\t", "    ")
    bounds = [*starts[1:], len(text) + 1]
    return tuple(text[start:end].strip() for start, end in zip(starts, bounds, strict=True))
