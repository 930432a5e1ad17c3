"""Lines that announce a scope change or a budget shift: risk signals, not tasks."""

from __future__ import annotations

import re

from extractors.models import KnownProject, Signal
from extractors.rules.cues.names import is_label_word
from extractors.rules.document import Document
from extractors.rules.projects import match_project

_SCOPE = re.compile(
    r"\b(?:scope (?:change|creep|cut|increase|reduction)|change(?:d|s)? (?:in|to|of) scope|"
    r"de-?scoped?|(?:added|adding|add) to (?:the )?scope|"
    r"(?:cut|removed|dropped) from (?:the )?scope|"
    r"out of scope now|expand(?:ed|ing)? (?:the )?scope|re-?scoped?)\b",
    re.I,
)
_BUDGET = re.compile(
    r"\b(?:budget (?:cut|cuts|reduction|increase|increased|overrun|shortfall|freeze)|"
    r"over (?:the )?budget|under (?:the )?budget|(?:cut|increase[ds]?|raise[ds]?|reduce[ds]?) "
    r"(?:the |our )?budget)\b|\$\s?\d[\d,.]*\s?[kKmM]?\s+(?:more|less|extra|additional|over)\b",
    re.I,
)


_LEAD_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w-]*)\s*:\s+")


def _without_label(text: str) -> str:
    """'Recap: the search feature was descoped' says the same as the remark itself."""
    match = _LEAD_LABEL.match(text)
    return text[match.end() :] if match and is_label_word(match.group("label")) else text


def find_signals(document: Document, projects: list[KnownProject]) -> list[Signal]:
    """One signal per unit that mentions a scope change or a budget shift."""
    signals: list[Signal] = []
    for unit in document.walk():
        text = _without_label(unit.plain)
        for kind, pattern in (("scope_change", _SCOPE), ("budget_shift", _BUDGET)):
            if pattern.search(text):
                project = match_project(text, projects)
                signals.append(Signal(kind=kind, text=text, line=unit.first, project=project))
    return signals
