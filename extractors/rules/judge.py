"""Judge each unit on its own cues, with its section as context.

A label, a checkbox, an owner form or a commitment makes a unit a candidate; an action
section raises its confidence and a review of last meeting's items removes it. Nothing
here depends on which format the unit was read from.
"""

from __future__ import annotations

import re

from extractors.rules.candidates import OWN_LIST, SUMMARY, Candidate
from extractors.rules.cues.labels import Label, find_label
from extractors.rules.cues.owners import field_owner, lead_owner, trailing_owner
from extractors.rules.cues.names import names_if_plausible
from extractors.rules.cues.status import completion, reports_outcome
from extractors.rules.document import Document, Unit
from extractors.rules.lexicon import TASK_VERBS
from extractors.rules.prose import prose_candidates
from extractors.rules.tables import row_candidates
from extractors.rules.text import strip_markdown

_LEAD_IN_END = re.compile(r"(?::|\bto|\bwill|\bwe|\bshould)\s*$", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z@])")
_CODE = re.compile(r"^`[^`]+`\W*$")


def _skipped(unit: Unit) -> bool:
    """Last meeting's reviewed items and the attendance list are never this meeting's work."""
    section = unit.section
    return section is not None and (section.within("review") or section.within("attendance"))


def in_actions(unit: Unit) -> bool:
    return unit.section is not None and unit.section.within("actions")


def judge(document: Document) -> list[Candidate]:
    """Every candidate in the document, in order: first what the units say of themselves,
    then the promises in prose and conversation around them."""
    document.link()
    found: list[Candidate] = []
    lead_in: Unit | None = None
    for top in document.units:
        if in_actions(top) and _is_lead_in(top):
            lead_in = top
            continue
        candidates = _judge_tree(top)
        if lead_in is not None and lead_in.section is top.section and top.kind == "item":
            for candidate in candidates:
                candidate.due_hint = candidate.due_hint or strip_markdown(lead_in.text)
        else:
            lead_in = None
        found.extend(candidates)
    found.extend(prose_candidates(document, taken={id(c.unit) for c in found}))
    return found


def _judge_tree(unit: Unit) -> list[Candidate]:
    if _skipped(unit):
        return []
    if unit.kind == "row":
        return row_candidates(unit, in_actions(unit))
    label = find_label(unit.text)
    if label is not None:
        return _labelled(unit, label)
    if in_actions(unit):
        return _in_action_list(unit)
    own = _owned_checkbox(unit) or _owner_field(unit)
    if own is not None:
        return [own, *(c for child in unit.children for c in _judge_tree(child))]
    found = _task_checklist(unit)
    return found + [c for child in unit.children for c in _judge_tree(child)]


def _status(unit: Unit, text: str) -> tuple[str, str]:
    """The unit's completion and its text without the marks."""
    marked = completion(text)
    status = "done" if unit.check == "done" or unit.struck else "open"
    if marked is not None:
        return marked.status if status == "open" else status, marked.rest
    return status, text


def _candidate(unit: Unit, text: str, tier: int, confidence: float, **extra) -> Candidate:
    status, rest = _status(unit, text)
    candidate = Candidate(unit, rest, tier, confidence, **extra)
    candidate.status = status  # type: ignore[assignment]
    return candidate


def _labelled(unit: Unit, label: Label) -> list[Candidate]:
    """'ACTION: A to x. B to y.' gives one item per owner; a bare label over sub-items
    makes each sub-item an item; a bare label with neither takes its topic as the task."""
    owners = names_if_plausible(label.owner) if label.owner else None
    tier, confidence = (OWN_LIST, 0.9) if label.strong else (SUMMARY, 0.8)
    if not label.rest.strip(" .:"):
        if unit.children:
            return [
                _candidate(child, child.text, tier, confidence, owners=owners, dash_owners=True)
                for child in unit.children
                if not _skipped(child)
            ]
        topic = _topic(unit)
        return [_candidate(unit, topic, tier, confidence, owners=owners, settled=True)] if topic and owners else []
    parts = _owner_sentences(label.rest) if not owners else [label.rest]
    extra = {"owners": owners, "dash_owners": True, "speaker": unit.speaker if not owners else None}
    found = [_candidate(unit, part, tier, confidence, **extra) for part in parts]
    children = [c for child in unit.children for c in _judge_tree(child)]
    return found + children


def _topic(unit: Unit) -> str:
    if unit.parent is not None:
        return strip_markdown(unit.parent.text)
    return unit.section.title if unit.section is not None else ""


def _owner_sentences(text: str) -> list[str]:
    """Sentences starting with an owner start a new item; others continue the last one,
    or, before any owned sentence, are commentary."""
    groups: list[tuple[bool, list[str]]] = []
    for part in (p.strip() for p in _SENTENCE.split(text) if p.strip()):
        owned = lead_owner(strip_markdown(part)) is not None
        if owned or not groups:
            groups.append((owned, [part]))
        else:
            groups[-1][1].append(part)
    while len(groups) > 1 and not groups[0][0] and any(owned for owned, _ in groups):
        groups.pop(0)
    return [" ".join(parts) for _, parts in groups]


def _in_action_list(unit: Unit) -> list[Candidate]:
    """Everything listed under an action heading is an item, unless it is code, an
    empty label, or a lead-in that introduces the list below it."""
    plain = strip_markdown(unit.text)
    if not plain or _CODE.match(unit.text.strip()):
        return []
    if _is_lead_in(unit):
        return []
    section_owners = unit.section.nearest_owners() if unit.section else None
    if unit.children:
        grouped = _grouped_children(unit, section_owners)
        if grouped is not None:
            return grouped
    owners = section_owners
    speaker = unit.speaker
    if speaker is not None and owners is None:
        owners = names_if_plausible(speaker.name)
    candidate = _candidate(unit, unit.text, OWN_LIST, 0.85, owners=owners, dash_owners=True)
    candidate.speaker = speaker if owners else None
    checked = [c for child in unit.children if child.check for c in _judge_tree(child)]
    if unit.children and plain.rstrip().endswith(":") and not checked:
        details = "; ".join(strip_markdown(c.text).rstrip(".") for c in unit.children)
        candidate.text = f"{candidate.text.rstrip()} {details}"
        candidate.last = unit.end
    return [candidate, *checked]


def _grouped_children(unit: Unit, section_owners: list[str] | None) -> list[Candidate] | None:
    """'Ciera:' over tasks, or 'Undergrad outreach.' over 'Ciera: Berkeley.' lines."""
    plain = strip_markdown(unit.text).strip()
    own = names_if_plausible(plain.rstrip(":")) if plain.endswith(":") and len(plain.split()) <= 4 else None
    if unit.speaker is not None and not plain.strip(" :"):
        own = names_if_plausible(unit.speaker.name)
    if own:
        return [
            _candidate(child, child.text, OWN_LIST, 0.85, owners=own, dash_owners=True)
            for child in unit.children
        ]
    named = [c for c in unit.children if c.speaker is not None]
    if named and len(named) == len(unit.children) and unit.speaker is None:
        return [
            _candidate(
                child,
                f"{plain.rstrip(' .:')}: {strip_markdown(child.text)}",
                OWN_LIST,
                0.85,
                owners=names_if_plausible(child.speaker.name if child.speaker else ""),
                settled=True,
            )
            for child in unit.children
        ]
    return None


def _is_lead_in(unit: Unit) -> bool:
    """'By next call we hope to' or 'We enumerated some goals…' introduce the list below."""
    if unit.kind == "item":
        return False
    following = unit.next
    if following is None or following.kind != "item":
        return False
    plain = strip_markdown(unit.text)
    return bool(_LEAD_IN_END.search(plain)) or len(plain.split()) > 12 or plain.endswith(".")


def _owned_checkbox(unit: Unit) -> Candidate | None:
    """'- [ ] Priscila: renew the domain', '- [x] @jo to merge the PR'."""
    if unit.check is None:
        return None
    plain = strip_markdown(unit.text)
    speaker = unit.speaker
    if speaker is not None:
        owners = names_if_plausible(speaker.name)
        if owners:
            return _candidate(unit, unit.text, OWN_LIST, 0.85, owners=owners, dash_owners=True)
    if lead_owner(plain, dash=True) or trailing_owner(plain, dash=True):
        return _candidate(unit, unit.text, OWN_LIST, 0.85, dash_owners=True)
    return None


def _owner_field(unit: Unit) -> Candidate | None:
    """'Renew the domain. Owner: Priscila. Due: Friday'."""
    split = field_owner(strip_markdown(unit.text))
    if split is None or not split.names:
        return None
    return _candidate(unit, split.rest, OWN_LIST, 0.8, owners=split.names, settled=True)


def _imperative(text: str) -> bool:
    words = strip_markdown(text).split()
    first = re.sub(r"[^\w-]", "", words[0]).lower() if words else ""
    return first in TASK_VERBS or first.endswith(("ize", "ise", "ify"))


def _task_checklist(unit: Unit) -> list[Candidate]:
    """An unowned open checkbox is a task when its checklist reads as tasks (most boxes
    open with a verb); a checklist of outcomes ('PR opened', 'v2 released') is a status."""
    if unit.check is None:
        return []
    siblings = unit.parent.children if unit.parent is not None else [unit]
    boxes = [s for s in siblings if s.check is not None] or [unit]
    imperative = sum(1 for box in boxes if _imperative(box.text) and not reports_outcome(box.text))
    if imperative * 2 < len(boxes) or not _imperative_or_short(unit):
        return []
    return [_candidate(unit, unit.text, SUMMARY, 0.7)]


def _imperative_or_short(unit: Unit) -> bool:
    return _imperative(unit.text) or (unit.parent is not None and unit.parent.check is not None)

