"""Turn candidates into items: owners, due date, dependencies and completion leave the
wording and live in their fields; the sentence as written stays as the evidence quote."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from extractors.models import ExtractedItem, KnownPerson, KnownProject, Owner, Speaker
from extractors.rules.candidates import Candidate
from extractors.rules.cues.commitments import first_person_task, taken_request
from extractors.rules.cues.fields import read_fields
from extractors.rules.cues.names import names_if_plausible
from extractors.rules.cues.owners import inner_owner, lead_owner, trailing_owner
from extractors.rules.cues.status import completion
from extractors.rules.dates import DueContext, read_due
from extractors.rules.dependencies import dependency_spans
from extractors.rules.document import Unit
from extractors.rules.people import resolve
from extractors.rules.projects import match_project, project_hint
from extractors.rules.tasks import clean_task, cut, is_empty_task, strip_numbering
from extractors.rules.text import content_tokens, strip_markdown

_SHORT_TASK = 2


@dataclass
class Known:
    """What the request tells us about the program, bundled for item building."""

    people: list[KnownPerson]
    projects: list[KnownProject]
    mention_keys: dict[str, str]
    due: DueContext
    display: dict[str, str] = field(default_factory=dict)
    """What to call each Slack user by id."""
    warnings: list[str] = field(default_factory=list)

    names: frozenset[str] = frozenset()
    """Every written form of a known person, for owners only a known name makes sure of."""
    author: Speaker | None = None
    """The notes' writer, who owns a first-person task in them ('I'll send …')."""

    def __post_init__(self) -> None:
        forms = {alias.lower() for p in self.people for alias in p.aliases}
        forms.update(p.name.lower() for p in self.people)
        forms.update(p.name.split()[0].lower() for p in self.people if p.name.split())
        self.names = frozenset(forms | set(self.mention_keys))


def _owners(candidate: Candidate, text: str, known: Known) -> tuple[list[str], str]:
    """Owners written in the text win over those inherited from a label, heading or
    speaker; a field ('Owner: X') is read before either."""
    if candidate.settled:
        return list(candidate.owners or []), text
    fields = read_fields(text)
    if fields is not None and fields.owner and names_if_plausible(fields.owner):
        rest = f"{fields.rest} by {fields.due}" if fields.due else fields.rest
        return names_if_plausible(fields.owner) or [], rest
    taken = taken_request(text)
    if taken is not None:
        return [taken[0]], taken[1]
    mine = first_person_task(text)
    if mine is not None:
        writer = candidate.unit.speaker or known.author
        if writer is not None:
            candidate.speaker = writer
        return ([writer.name] if writer else []), mine
    lead = lead_owner(text, dash=candidate.dash_owners, known=known.names)
    if lead is not None:
        return lead.names, _restated(lead.names, lead.rest, known)
    trail = trailing_owner(text, dash=candidate.dash_owners)
    if trail is not None and not candidate.owners:
        return trail.names, trail.rest
    inner = inner_owner(text) if candidate.dash_owners and not candidate.owners else None
    if inner is not None:
        return inner.names, inner.rest
    return list(candidate.owners or []), text


_TITLED = re.compile(r"^[^:]{2,40}:\s+(?P<sentence>\S.+)$")


def _restated(names: list[str], rest: str, known: Known) -> str:
    """'[Omar] Book lab: Omar will book the lab for Tuesday', as meeting summaries write
    a step: a title, then the sentence that says it, which is the task."""
    titled = _TITLED.match(rest)
    if titled is None:
        return rest
    again = lead_owner(titled.group("sentence"), known=known.names)
    return again.rest if again is not None and again.names == names else rest


def _owner_before_date(text: str, candidate: Candidate) -> tuple[list[str], str]:
    """'clean the buckets - Wen - 12/3': the owner ends the task once the date is cut."""
    trail = trailing_owner(text, dash=candidate.dash_owners)
    return (trail.names, trail.rest) if trail is not None else ([], text)


def _resolved(name: str, candidate: Candidate, known: Known) -> Owner:
    speaker = candidate.speaker
    if speaker is not None and name == speaker.name and speaker.user_id:
        return Owner(name=speaker.name, person_key=speaker.user_id)
    return resolve(name, known.people, known.mention_keys, known.display)


def _day(unit: Unit | None, known: Known) -> DueContext:
    """Relative dates resolve against the day the words were written, in the program's
    timezone: a message's own time in a conversation, the meeting date in notes."""
    if unit is None or unit.at is None:
        return known.due
    local = unit.at.astimezone(ZoneInfo(known.due.timezone)).date()
    return DueContext(local, known.due.timezone, known.due.next_meeting)


def _due(candidate: Candidate, text: str, known: Known) -> tuple[date | None, str | None, str]:
    ctx = _day(candidate.unit, known)
    reading = read_due(text, ctx)
    if reading.due is not None:
        due = reading.due
        rest = cut(text, due.start, due.end)
        vaguer = read_due(rest, ctx).due
        if vaguer is not None:
            rest = cut(rest, vaguer.start, vaguer.end)
        return due.when, due.phrase, rest
    if candidate.due_hint:
        hinted = read_due(candidate.due_hint, _day(candidate.due_unit or candidate.unit, known))
        if hinted.due is not None:
            return hinted.due.when, hinted.due.phrase, text
    if reading.problem is not None:
        problem = reading.problem
        known.warnings.append(
            f"{clean_task(text)[:60]!r}: {problem.phrase!r} {problem.reason}; no due date set."
        )
    return None, None, text


def _context_project(candidate: Candidate, known: Known) -> str | None:
    section = candidate.unit.section
    titles = [candidate.due_hint or ""]
    while section is not None:
        titles.append(section.title)
        section = section.parent
    for title in titles:
        project = match_project(title, known.projects) or (
            project_hint(title) if known.projects else None
        )
        if project:
            return project
    return None


def build_item(candidate: Candidate, known: Known) -> ExtractedItem | None:
    """One item from a candidate; None when no task is left once the rest is cut."""
    text = strip_numbering(strip_markdown(candidate.text))
    status = candidate.status
    marked = completion(text)
    if marked is not None:
        text = marked.rest
        status = marked.status if status == "open" else status
    names, rest = _owners(candidate, text, known)
    spans = dependency_spans(rest, known.projects)
    for span in reversed(spans):
        rest = cut(rest, span.start, span.end)
    due, phrase, rest = _due(candidate, rest, known)
    if phrase and not names and not candidate.settled:
        names, rest = _owner_before_date(rest, candidate)
    task = clean_task(rest)
    if len(task) < 3 or is_empty_task(task):
        return None
    topic = candidate.topic
    if topic is None and len(content_tokens(task)) <= _SHORT_TASK:
        topic = _topic(candidate.unit)
    return ExtractedItem(
        task=task,
        owners=[_resolved(n, candidate, known) for n in names],
        due=due,
        due_phrase=phrase,
        project=match_project(rest, known.projects) or _context_project(candidate, known),
        dependencies=[s.dependency for s in spans],
        status=status,
        confidence=candidate.confidence,
        evidence=(
            candidate.unit.first,
            max(candidate.unit.first, candidate.last or candidate.unit.last),
        ),
        quote=strip_markdown(candidate.unit.raw or candidate.unit.text),
        permalink=candidate.unit.permalink,
        topic=topic,
        flags=[*candidate.flags, *([] if names else ["no_owner"])],
    )


_GENERIC = re.compile(
    r"\b(?:meeting|notes|minutes|agenda|summary|discussion|sync|standup|action items?|"
    r"actions?|next steps?|follow[- ]?ups?|to-?dos?)\b|/",
    re.I,
)


def _topic(unit: Unit) -> str | None:
    """What a short task ('Review this') is about: the item above it, else its heading,
    unless that heading only says these are notes or actions."""
    if unit.parent is not None:
        return unit.parent.plain[:80] or None
    section = unit.section
    title = section.title if section is not None else ""
    return title[:80] if title and not _GENERIC.search(title) else None
