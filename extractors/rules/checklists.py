"""Whether a checklist holds tasks or statuses, judged by its members: boxes that open
with a verb ('Renew the domain', 'Ping Sam') are tasks; boxes that report ('PR opened',
'v2 released', 'Sven started the PRs') make the list a status list."""

from __future__ import annotations

import re

from extractors.rules.cues.commitments import known_gerund
from extractors.rules.cues.owners import lead_owner, trailing_owner
from extractors.rules.cues.status import reports_outcome
from extractors.rules.document import Unit
from extractors.rules.lexicon import TASK_VERBS
from extractors.rules.text import first_word, is_only_link

_FILLER = re.compile(r"^(?:will|to|should|please|must|needs? to|shall)\s+", re.I)


def _imperative(text: str) -> bool:
    """'Renew the domain', 'Updating the docs': checklists write tasks either way."""
    first = first_word(text)
    return first in TASK_VERBS or _gerund(first) or first.endswith(("ize", "ise", "ify"))


def _gerund(word: str) -> bool:
    return len(word) >= 6 and known_gerund(word) is not None


def task_of(unit: Unit) -> str | None:
    """The box's text as a task (owner and fillers cut) when it opens with a verb."""
    plain = unit.plain
    split = lead_owner(plain, dash=True) or trailing_owner(plain, dash=True)
    return task_of_text(split.rest if split else plain)


def task_of_text(text: str) -> str | None:
    """The text as a task, fillers ('will', 'to') cut, when it opens with a verb."""
    text = _FILLER.sub("", text).strip()
    if not text or reports_outcome(text) or not _imperative(text):
        return None
    return text


def reads_as_tasks(siblings: list[Unit]) -> bool:
    """At least half the boxes of the list read as tasks; links alone do not count."""
    boxes = [s for s in siblings if s.check is not None and not is_only_link(s.text)]
    if not boxes:
        return False
    return sum(1 for box in boxes if task_of(box) is not None) * 2 >= len(boxes)
