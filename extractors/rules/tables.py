"""Table rows read by their columns: a table whose header names an owner or an action
column is an action table wherever it sits; under an action heading any table is."""

from __future__ import annotations

import re

from extractors.rules.candidates import OWN_LIST, Candidate
from extractors.rules.cues.names import names_if_plausible
from extractors.rules.cues.status import completion
from extractors.rules.document import Unit
from extractors.rules.text import strip_markdown

_OWNER = re.compile(
    r"^(?:owners?|who|assignees?|assigned(?: to)?|responsible|leads?|person|dri|by whom)$", re.I
)
_ACTION = re.compile(
    r"^(?:action(?: items?| points?)?|actions?(?: required)?|tasks?|to-?dos?|next steps?|"
    r"follow[- ]?ups?|deliverables?)$",
    re.I,
)
_TASK = re.compile(r"^(?:items?|what|description|details?)$", re.I)
_DUE = re.compile(r"^(?:due(?: date)?|deadline|when|by when|target(?: date)?|eta|by|date)$", re.I)
_STATUS = re.compile(r"^(?:status|state|done\??|progress)$", re.I)
_ID = re.compile(r"^(?:#?\d+(?:\.\d+)*|\W*)$")


def _column(cells: dict[str, str], pattern: re.Pattern[str]) -> tuple[str, str] | None:
    for name, cell in cells.items():
        if pattern.match(strip_markdown(name).strip()):
            return name, strip_markdown(cell).strip()
    return None


def is_action_table(cells: dict[str, str]) -> bool:
    """An owner or an action column makes a table an action table; 'Item' or
    'Description' alone do not (decision logs and schedules have them too)."""
    return _column(cells, _OWNER) is not None or _column(cells, _ACTION) is not None


def row_candidates(unit: Unit, in_actions: bool) -> list[Candidate]:
    """The task column (else the longest remaining cell) is the task; the owner and due
    columns give its owner and date; a status column saying done closes it."""
    cells = unit.cells or {}
    decisions = unit.section is not None and unit.section.within("decisions")
    if decisions or not (in_actions or is_action_table(cells)):
        return []
    owner = _column(cells, _OWNER)
    due = _column(cells, _DUE)
    task = _column(cells, _ACTION) or _column(cells, _TASK)
    used = {name for name, _ in (c for c in (owner, due, task, _column(cells, _STATUS)) if c)}
    if task is None:
        rest = [strip_markdown(v) for k, v in cells.items() if k not in used]
        words = [w for w in rest if w and not _ID.match(w)]
        if not words:
            return []
        task = ("", max(words, key=len))
    if not task[1] or _ID.match(task[1]):
        return []
    names = names_if_plausible(owner[1]) if owner and owner[1] else None
    candidate = Candidate(
        unit,
        task[1],
        OWN_LIST,
        0.85,
        owners=names,
        settled=names is not None,
        dash_owners=names is None,
        due_hint=f"by {due[1]}" if due and due[1] else None,
    )
    status = _column(cells, _STATUS)
    if status is not None and completion(f"x - {status[1]}") is not None:
        candidate.status = completion(f"x - {status[1]}").status  # type: ignore[union-attr]
    return [candidate]
