"""A candidate: an item's raw wording, the unit it came from and how sure we are.

Tiers say what kind of evidence a candidate rests on. Tier 1 is the document's own
action list (labels, action sections, owned checkboxes, action tables); tier 2 is a
summary label or a task checklist; tier 3 is an untagged promise in prose or
conversation. When a document has a tier-1 list, that list is the answer and tier-3
promises are only offered as "also mentioned".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.models import ItemStatus, Speaker
from extractors.rules.document import Section, Unit

OWN_LIST, SUMMARY, PROSE = 1, 2, 3


@dataclass
class Candidate:
    unit: Unit
    text: str
    tier: int
    confidence: float
    owners: list[str] | None = None
    """Owners known from structure (a label, a column, a heading, the speaker)."""
    speaker: Speaker | None = None
    """Who said it, when the owner is the speaker: an owner by id, not by name."""
    settled: bool = False
    """The owners are final; the wording is not searched for more."""
    dash_owners: bool = False
    """Read 'Lee - draft the FAQ' and 'Lee: draft …' as owners (action lists only)."""
    status: ItemStatus = "open"
    due_hint: str | None = None
    """A due column's cell or a lead-in ('By next call we hope to') that dates the item."""
    topic: str | None = None
    flags: list[str] = field(default_factory=list)
    last: int | None = None
    due_unit: Unit | None = None
    """The utterance whose time dates relative phrases in `due_hint` ('on it, tomorrow')."""

    @property
    def list_key(self) -> str:
        """Which list the candidate belongs to: an action section ('list:…'), a labelled
        line in some other section ('inline:…'), or prose ('prose')."""
        section = self.unit.section
        title = _path(section)
        if self.tier != OWN_LIST:
            return "prose"
        return (
            f"list:{title}"
            if section is not None and section.within("actions")
            else f"inline:{title}"
        )


def _path(section: Section | None) -> str:
    titles = []
    while section is not None:
        titles.append(section.title)
        section = section.parent
    return " / ".join(reversed(titles))
