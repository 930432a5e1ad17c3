"""Judge each unit on its own cues, with its section as context.

A label, a checkbox, an owner form or a commitment makes a unit a candidate; an action
section raises its confidence and a review of last meeting's items removes it. Nothing
here depends on which format the unit was read from.
"""

from __future__ import annotations

import re

from extractors.rules.candidates import OWN_LIST, PROSE, Candidate
from extractors.rules.checklists import reads_as_tasks, task_of, task_of_text
from extractors.rules.cues.fields import read_fields
from extractors.rules.cues.labels import Label, find_label
from extractors.rules.cues.names import names_if_plausible, names_over_tasks
from extractors.rules.cues.owners import lead_owner, trailing_owner
from extractors.rules.cues.status import completion, reports_outcome, reports_progress
from extractors.rules.document import Document, Unit
from extractors.rules.lexicon import TASK_VERBS
from extractors.rules.prose import prose_candidates, sentences
from extractors.rules.tables import row_candidates
from extractors.rules.text import first_word, is_only_link, strip_markdown

_LEAD_IN_END = re.compile(r"(?::|\bto|\bwill|\bwe|\bshould)\s*$", re.I)
_CODE = re.compile(r"^`[^`]+`\W*$")
_TAKES_ACTION = re.compile(r"^[^,.;:]{1,40}?\s+takes? (?:an |the )?action\s+to\b", re.I)
_HANDED = re.compile(r"(?:=>|->|→)\s*\S+\s*\.?\s*$")
_LONG_ITEM = 25
"""Words past which an action-list entry is a task followed by its notes."""


def _skipped(unit: Unit) -> bool:
    """Last meeting's reviewed items and the attendance list are never this meeting's work."""
    section = unit.section
    return section is not None and (section.within("review") or section.within("attendance"))


def in_actions(unit: Unit) -> bool:
    return unit.section is not None and unit.section.within("actions")


_REVIEW_SHARE = 0.6


def _mark_progress_reviews(document: Document) -> None:
    """An action list whose entries mostly report progress ('… - Ongoing', '… -
    Completed') reviews earlier items rather than listing this meeting's."""
    entries: dict[int, list[Unit]] = {}
    sections = {}
    for unit in document.walk():
        if unit.section is not None and unit.section.kind == "actions":
            entries.setdefault(id(unit.section), []).append(unit)
            sections[id(unit.section)] = unit.section
    for key, units in entries.items():
        reporting = sum(1 for u in units if reports_progress(u.plain))
        if len(units) >= 3 and reporting >= _REVIEW_SHARE * len(units):
            sections[key].kind = "review"


def judge(document: Document) -> list[Candidate]:
    """Every candidate in the document, in order: first what the units say of themselves,
    then the promises in prose and conversation around them."""
    document.link()
    _mark_progress_reviews(document)
    found: list[Candidate] = []
    lead_in: Unit | None = None
    for top in document.units:
        if in_actions(top) and _is_lead_in(top):
            lead_in = top
            continue
        candidates = _judge_tree(top, document.units)
        if lead_in is not None and lead_in.section is top.section and top.kind == "item":
            for candidate in candidates:
                candidate.due_hint = candidate.due_hint or lead_in.plain
        else:
            lead_in = None
        found.extend(candidates)
    found.extend(prose_candidates(document, taken={id(c.unit) for c in found}))
    return found


def _children(unit: Unit) -> list[Candidate]:
    return [c for child in unit.children for c in _judge_tree(child, unit.children)]


def _judge_tree(unit: Unit, siblings: list[Unit]) -> list[Candidate]:
    if _skipped(unit):
        return []
    if unit.kind == "row":
        return row_candidates(unit, in_actions(unit))
    label = find_label(unit.text)
    if label is not None:
        return _labelled(unit, label)
    if in_actions(unit):
        return _in_action_list(unit)
    own = (
        _owned_checkbox(unit, siblings)
        or _owner_field(unit)
        or _takes_action(unit)
        or _owned_task(unit, siblings)
    )
    if own is not None:
        return [own, *_children(unit)]
    return _task_checklist(unit, siblings) + _children(unit)


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
    mine = label.owner is not None and label.owner.lower() in ("me", "myself", "i")
    if mine and unit.speaker is not None:
        owners = [unit.speaker.name]
    tier, confidence = (OWN_LIST, 0.85) if label.strong else (PROSE, 0.8)
    if in_actions(unit):
        tier, confidence = OWN_LIST, 0.9
    rest = label.rest.strip(" .:")
    announced = _announced_owner(rest) if unit.children else None
    if announced:
        owners, rest = announced, ""
    if unit.children and (not rest or (label.start == 0 and _is_topic(label, unit))):
        return _labelled_children(unit, label, owners, tier, confidence)
    if not rest:
        topic = _topic(unit)
        if topic and owners:
            return [_candidate(unit, topic, tier, confidence, owners=owners, settled=True)]
        return []
    parts = _owner_sentences(label.rest) if not owners else [label.rest]
    speaker = unit.speaker if not owners or mine else None
    extra = {"owners": owners, "dash_owners": True, "speaker": speaker}
    found = [_candidate(unit, part, tier, confidence, **extra) for part in parts]
    for candidate in found:
        candidate.status = "done" if label.done else candidate.status
    return found + _children(unit)


_ANNOUNCES = re.compile(r"^(?P<names>.{1,40}?)\s+(?:will|to|should|is going to)\s*:?$", re.I)


def _announced_owner(rest: str) -> list[str] | None:
    """'@nzakas will:' over sub-items: each sub-item is theirs."""
    match = _ANNOUNCES.match(rest)
    return names_if_plausible(match.group("names")) or None if match else None


def _is_topic(label: Label, unit: Unit) -> bool:
    """'GUIs (AI @ all)' over sub-items: the text before a trailing tag is their topic."""
    return label.rest != unit.plain and len(label.rest.split()) <= 4


def _labelled_children(
    unit: Unit, label: Label, owners: list[str] | None, tier: int, confidence: float
) -> list[Candidate]:
    children = [child for child in unit.children if not _skipped(child)]
    if label.rest.strip(" .:") and owners:
        joined = ", ".join(child.plain.rstrip(".") for child in children)
        candidate = _candidate(unit, joined, tier, confidence, owners=owners, settled=True)
        candidate.topic, candidate.last = label.rest.strip(" .:"), unit.end
        return [candidate]
    return [
        _candidate(child, child.text, tier, confidence, owners=owners, dash_owners=True)
        for child in children
    ]


def _topic(unit: Unit) -> str:
    if unit.parent is not None:
        return unit.parent.plain
    return unit.section.title if unit.section is not None else ""


def _owner_sentences(text: str) -> list[str]:
    """Sentences starting with an owner start a new item; others continue the last one,
    or, before any owned sentence, are commentary."""
    groups: list[tuple[bool, list[str]]] = []
    for part in (p for sentence in sentences(text) for p in re.split(r";\s+", sentence)):
        plain = strip_markdown(part)
        owned = lead_owner(plain) is not None
        if owned or not groups or plain.startswith("Will "):
            groups.append((owned, [part]))
        else:
            groups[-1][1].append(part)
    while len(groups) > 1 and not groups[0][0] and any(owned for owned, _ in groups):
        groups.pop(0)
    return [" ".join(parts) for _, parts in groups]


def _in_action_list(unit: Unit) -> list[Candidate]:
    """Everything listed under an action heading is an item, unless it is code, an
    empty label, or a lead-in or topic line over the items below it."""
    plain = unit.plain
    if not plain or _CODE.match(unit.text.strip()) or _is_lead_in(unit):
        return []
    if _reports_outcome_only(unit):
        return []
    section_owners = unit.section.nearest_owners() if unit.section else None
    if unit.children:
        grouped = _grouped_children(unit, section_owners)
        if grouped is not None:
            return grouped
    owners = section_owners
    spoken = unit.speaker is not None and owners is None
    if spoken:
        owners = names_if_plausible(unit.speaker.name)
    candidate = _candidate(
        unit, _first_sentence(unit.text), OWN_LIST, 0.9, owners=owners, dash_owners=not spoken
    )
    candidate.speaker = unit.speaker if owners else None
    boxes = [c for child in unit.children if child.check for c in _in_action_list(child)]
    if unit.children and plain.rstrip().endswith(":") and not boxes:
        details = "; ".join(c.plain.rstrip(".") for c in unit.children)
        candidate.text = f"{candidate.text.rstrip()} {details}"
        candidate.last = unit.end
    return [candidate, *boxes]


def _reports_outcome_only(unit: Unit) -> bool:
    """'Docs updated last week' under Follow-ups says what happened, not what to do; an
    entry ticked or marked done is still kept, as done work of the list."""
    if unit.children or unit.check is not None or unit.struck:
        return False
    return completion(unit.plain) is None and reports_outcome(unit.plain)


def _first_sentence(text: str) -> str:
    """A long entry is a task followed by its notes; the task is the first sentence."""
    if len(text.split()) <= _LONG_ITEM:
        return text
    parts = sentences(text)
    return parts[0] if parts and len(parts[0].split()) >= 3 else text


def _grouped_children(unit: Unit, section_owners: list[str] | None) -> list[Candidate] | None:
    """'Ciera:' or 'Sam Ortiz' over tasks, 'Undergrad outreach.' over 'Ciera: Berkeley.' lines,
    or a topic line over checkboxes or tasks: the children are the items."""
    plain = unit.plain.strip()
    own = None
    if plain.endswith(":") and len(plain.split()) <= 4:
        own = names_if_plausible(plain.rstrip(":"))
    elif len(plain.split()) <= 4 and all(task_of(child) is not None for child in unit.children):
        own = names_over_tasks(plain)
        if not own and first_word(plain) not in TASK_VERBS:
            return [c for child in unit.children for c in _in_action_list(child)]
    if unit.speaker is not None and not plain.strip(" :"):
        own = names_if_plausible(unit.speaker.name)
    if own:
        return [
            _candidate(child, child.text, OWN_LIST, 0.9, owners=own, dash_owners=True)
            for child in unit.children
        ]
    named = [c for c in unit.children if c.speaker is not None]
    if named and len(named) == len(unit.children) and unit.speaker is None:
        return [_labelled_child(unit, child, plain) for child in unit.children]
    if all(child.check is not None for child in unit.children):
        return [c for child in unit.children for c in _in_action_list(child)]
    return None


def _labelled_child(unit: Unit, child: Unit, plain: str) -> Candidate:
    name = child.speaker.name if child.speaker else ""
    text = f"{plain.rstrip(' .:')}: {child.plain}"
    return _candidate(
        child, text, OWN_LIST, 0.9, owners=names_if_plausible(name), settled=True, last=child.end
    )


def _is_lead_in(unit: Unit) -> bool:
    """'By next call we hope to' or 'We enumerated some goals…' introduce the list below."""
    if unit.kind in ("item", "row"):
        return False
    following = unit.next
    if following is None or following.kind != "item" or following.section is not unit.section:
        return False
    plain = unit.plain
    return bool(_LEAD_IN_END.search(plain)) or len(plain.split()) > 12 or plain.endswith(".")


def _owned_checkbox(unit: Unit, siblings: list[Unit]) -> Candidate | None:
    """'- [ ] Priscila: renew the domain', '- [x] @jo to merge the PR' — unless the
    checklist is a status list ('PR to be submitted by @x', 'v2 released')."""
    if unit.check is None or is_only_link(unit.text):
        return None
    plain = unit.plain
    owners = names_if_plausible(unit.speaker.name) if unit.speaker is not None else None
    split = lead_owner(plain, dash=True) or trailing_owner(plain, dash=True)
    if not owners and split is None:
        return None
    if not (reads_as_tasks(siblings) or task_of(unit) is not None):
        return None
    return _candidate(unit, unit.text, OWN_LIST, 0.85, owners=owners or None, dash_owners=True)


def _owner_field(unit: Unit) -> Candidate | None:
    """'Renew the domain. Owner: Priscila. Due: Friday' — a tracker's line."""
    fields = read_fields(unit.plain)
    if fields is None or not fields.owner:
        return None
    owners = names_if_plausible(fields.owner)
    if owners is None:
        return None
    candidate = _candidate(unit, fields.rest, OWN_LIST, 0.85, owners=owners, settled=True)
    candidate.due_hint = f"by {fields.due}" if fields.due else None
    if fields.status and completion(f"x - {fields.status}") is not None:
        candidate.status = completion(f"x - {fields.status}").status  # type: ignore[union-attr]
    return candidate


def _takes_action(unit: Unit) -> Candidate | None:
    """'Jo takes action to merge the docs PR': the note-taker calls it an action."""
    plain = unit.plain
    if not _TAKES_ACTION.search(plain) or lead_owner(plain) is None:
        return None
    return _candidate(unit, plain, OWN_LIST, 0.8)


def _owned_task(unit: Unit, siblings: list[Unit]) -> Candidate | None:
    """'Update the floor plan (Jo) by Thursday', 'Vendor audit => Sam': a list entry that
    names its owner the way action lists do and opens with something to do (an arrow
    hands over even a bare noun). Where most of its list is written so, the list is an
    action list whatever its heading; alone, it stands with the untagged promises."""
    if unit.kind != "item" or unit.check is not None or _in_agenda(unit):
        return None
    if not _assigns(unit):
        return None
    entries = [s for s in siblings if s.kind == "item" and s.check is None]
    assigned = sum(1 for s in entries if _assigns(s) or _owner_field(s) is not None)
    if assigned >= 2 and assigned * 2 >= len(entries):
        return _candidate(unit, unit.text, OWN_LIST, 0.8, dash_owners=True)
    return _candidate(unit, unit.text, PROSE, 0.6, dash_owners=True)


def _assigns(unit: Unit) -> bool:
    plain = unit.plain
    split = trailing_owner(plain, dash=True)
    if split is None or not split.names or reports_outcome(plain):
        return False
    return bool(_HANDED.search(plain)) or task_of_text(split.rest) is not None


def _in_agenda(unit: Unit) -> bool:
    return unit.section is not None and unit.section.within("agenda")


def _task_checklist(unit: Unit, siblings: list[Unit]) -> list[Candidate]:
    """An unowned open checkbox is a task when its checklist reads as tasks. Outside an
    action section it stands with the untagged promises: the answer only when the notes
    carry no action list of their own."""
    if unit.check is None or is_only_link(unit.text):
        return []
    under_task = unit.parent is not None and unit.parent.check is not None
    if not (under_task or reads_as_tasks(siblings)) or reports_outcome(unit.plain):
        return []
    return [_candidate(unit, unit.text, PROSE, 0.7)]
