"""Untagged promises in prose and conversation (tier 3).

In minutes these are precision traps when the notes carry their own list, so they are
only offered as "also mentioned" there; in notes and threads without a list they are
the items. Conversation is read as conversation: a request belongs to the person asked
once they accept, by their user id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.models import Speaker
from extractors.rules.candidates import PROSE, Candidate
from extractors.rules.cues.commitments import (
    accepts,
    declines,
    delivers,
    is_weak,
    request,
    said_of_other,
    self_commitment,
)
from extractors.rules.cues.names import names_if_plausible
from extractors.rules.cues.owners import lead_owner
from extractors.rules.cues.status import reports_outcome
from extractors.rules.dates import mentions_date
from extractors.rules.document import Document, Unit
from extractors.rules.referents import (
    referent,
    referred_to,
    remember,
    resolved_task,
    spoken_objects,
    states_need,
)
from extractors.rules.text import first_word, strip_markdown

_ABBREVIATIONS = "".join(
    rf"(?<!\b{re.escape(word)})"
    for word in ("Mr.", "Ms.", "Mrs.", "Dr.", "St.", "vs.", "e.g.", "i.e.", "etc.", "No.")
)
_SENTENCE = re.compile(
    rf"(?<=[.!?]){_ABBREVIATIONS}(?<!\b[A-Z]\.)\s+(?=[A-Z@])|\s+(?:->|→|=>)\s+(?=[A-Z@])"
)
"""An initial ('B. Smith to circulate …') ends no sentence; an arrow before a name does
('empty states missing -> Priya to mock them up')."""
_CHAT_SENTENCE = re.compile(
    r"(?<=[.!?;])\s+|\s+[-–—]\s+(?=(?:i|I)\b)|,\s+(?=(?:she|he|they|i|I)(?:'ll|’ll| will)\b)|"
    r"(?:,\s*(?:and\s+)?|\s+and\s+|:\s+|\s+[-–—]\s+)(?=@[UW][A-Z0-9]+\s)"
)
"""Chat runs sentences together: 'two things: @U1 please …, and @U2 please …' is two."""
_CLAIM_ONLY = re.compile(
    r"^\S+\s+(?:is|are|will be)?\s*(?:on|owns?|taking|has|have|got)\s+(?:it|this|that)\W*$", re.I
)
"""'@kim is on it': who, but not what — never what a later 'that' points back to."""
_ADJECTIVES = frozenset(
    "according related due prior similar subject close next easy easier hard harder "
    "difficult useful helpful happy glad willing ready likely unlikely able unable "
    "important good better best nice fine great possible impossible necessary needed "
    "required free open".split()
)
_AGREED = re.compile(
    r"^(?:it was |we |the (?:group|committee|board|meeting|team) )?"
    r"(?:agreed|decided|resolved)(?: that)?\s+(?=\S+(?: \S+)? (?:would|will|should|to)\b)",
    re.I,
)
"""'It was agreed that A. Jones would contact the developer': minutes' formal voice."""
_REFERENT_WORDS = 3
"""'ugh, I'll fix it': what 'it' points at is said in a sentence of some words."""
_ANSWER_WINDOW = 6
"""How many later messages may hold the answer to a request."""


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph; 'Mr. Mertic' and 'e.g. this' do not end one."""
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()]


def _sentences(unit: Unit) -> list[str]:
    texts = list(unit.cells.values()) if unit.cells else [unit.text]
    if unit.kind == "utterance":
        return [
            s.strip() for t in texts for s in _CHAT_SENTENCE.split(strip_markdown(t)) if s.strip()
        ]
    return [s for text in texts for s in sentences(strip_markdown(text))]


_MENTIONED = re.compile(r"@([UW][A-Z0-9]{2,})\b")


def prose_candidates(document: Document, taken: set[int]) -> list[Candidate]:
    units = [u for u in document.walk() if id(u) not in taken and not _skipped(u)]
    mentions = document.mentions
    people = _People(mentions, document.names)
    found: list[Candidate] = []
    answers: set[int] = set()
    previous: str | None = None
    recent: list[str] = []
    for index, unit in enumerate(units):
        if id(unit) in answers:
            continue
        named: Speaker | None = None
        before = units[max(0, index - _ANSWER_WINDOW) : index]
        addressee = _answered(before, unit) if unit.speaker is not None else None
        for sentence in _sentences(unit):
            candidate = _self(unit, sentence, previous, document.author, addressee) or _named(
                unit, sentence, previous, mentions
            )
            if candidate is None and named is not None:
                candidate = _on_behalf(unit, sentence, named, previous)
            if candidate is None and unit.speaker is not None:
                later = units[index + 1 : index + 1 + _ANSWER_WINDOW]
                candidate = _asked(unit, sentence, later, people, addressee, previous)
                if candidate is not None and candidate.due_unit is not None:
                    answers.add(id(candidate.due_unit))
            elif candidate is None:
                candidate = _assigned(unit, sentence, people)
            named = people.first_mentioned(sentence) or named
            if _CLAIM_ONLY.match(sentence):
                continue
            if candidate is not None:
                _date_from_follow_up(candidate, unit, units[index + 1 : index + 1 + _FOLLOW_UP])
                found.append(candidate)
            if len(sentence.split()) >= _REFERENT_WORDS or states_need(sentence):
                recent = remember(recent, sentence)
                previous = referred_to(recent)
    return found


_FOLLOW_UP = 3
"""How many later messages may still settle a follow-up's date."""
_DATE_ANSWER = re.compile(
    r"^\W*(?:by|before|until|till|on (?=\w+day\b)|ideally|hopefully|probably|latest|"
    r"no later than|"
    r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*|tomorrow|today|tonight|eod|eow|next|end of|this)\b",
    re.I,
)
_WHEN = re.compile(
    r"\b(?:by when|when by|what(?:'s| is) the (?:eta|date|timeline)|eta)\b|^\W*when\W*$", re.I
)
_SHORT_ANSWER = 15


def _date_from_follow_up(candidate: Candidate, unit: Unit, later: list[Unit]) -> None:
    """'I'll draft the post.' — 'By when?' — 'Wednesday end of day.': a date the owner
    or the person asking adds just after is the follow-up's, when its own words and
    the reply that accepted it name none."""
    if unit.speaker is None or candidate.speaker is None or mentions_date(candidate.text):
        return
    if candidate.due_hint and mentions_date(candidate.due_hint):
        return
    start = later.index(candidate.due_unit) + 1 if candidate.due_unit in later else 0
    asked_when = False
    for reply in later[start:]:
        text = reply.plain
        if reply.speaker is None or len(text.split()) > _SHORT_ANSWER:
            continue
        if _WHEN.search(text):
            asked_when = True
            continue
        involved = _same(reply.speaker, candidate.speaker) or _same(reply.speaker, unit.speaker)
        if not involved or self_commitment(text) is not None or request(text) is not None:
            continue
        if mentions_date(text) and (asked_when or _DATE_ANSWER.match(text)):
            candidate.due_hint, candidate.due_unit = text, reply
            return


def _skipped(unit: Unit) -> bool:
    section = unit.section
    return section is not None and (section.within("review") or section.within("attendance"))


def _self(
    unit: Unit,
    sentence: str,
    previous: str | None,
    author: Speaker | None,
    addressee: Speaker | None,
) -> Candidate | None:
    """ "I'll …", 'let me …', 'I can own …' by a known speaker, or in notes by the writer
    who signed them; 'you' in the promise is whoever the speaker answers."""
    speaker = unit.speaker or author
    if speaker is None:
        return None
    said = self_commitment(sentence)
    if said is None or reports_outcome(said.rest) or (said.points_back and not previous):
        return None
    confidence = 0.6 if unit.kind == "utterance" else 0.45
    task = resolved_task(said.rest, previous)
    if task == said.rest and first_word(task) == "do" and said.points_back:
        return None
    return Candidate(
        unit,
        spoken_objects(task, None, addressee),
        PROSE,
        confidence,
        owners=[speaker.name],
        speaker=speaker,
        settled=True,
        topic=referent(said.rest, previous) if task == said.rest else None,
    )


def _named(
    unit: Unit, sentence: str, previous: str | None, mentions: dict[str, str]
) -> Candidate | None:
    """'Sam will send the deck', 'Jo agreed to …', 'Kari to update the README'; a name
    in lower case counts only when it is a mention or handle ('@kim will …')."""
    if is_weak(sentence) or len(sentence.split()) < 4 or sentence.rstrip().endswith("?"):
        return None
    owned = lead_owner(_as_agreed(sentence))
    if owned is None or not owned.names or reports_outcome(sentence):
        return None
    if reports_outcome(owned.rest) or any(_not_a_doer(name) for name in owned.names):
        return None
    if not all(_named_person(n, mentions) for n in owned.names):
        return None
    confidence = 0.5 if owned.committed or unit.kind == "item" else 0.4
    task = resolved_task(owned.rest, previous)
    return Candidate(
        unit,
        task,
        PROSE,
        confidence,
        owners=owned.names,
        settled=True,
        topic=referent(owned.rest, previous) if task == owned.rest else None,
    )


def _as_agreed(sentence: str) -> str:
    """'It was agreed that Jo would call' reads as 'Jo will call'."""
    agreed = _AGREED.sub("", sentence, count=1)
    return sentence if agreed == sentence else re.sub(r"\bwould\b", "will", agreed, count=1)


def _named_person(name: str, mentions: dict[str, str]) -> bool:
    return name[:1].isupper() or name.startswith("@") or name.lower() in mentions


def _not_a_doer(name: str) -> bool:
    """'Easy to write …', 'Happy to take …', 'Allowing X to …': in untagged prose an
    adjective or gerund before 'to' is not an owner."""
    first = name.split()[0].lower()
    return first in _ADJECTIVES or (first.endswith("ing") and len(first) > 5)


@dataclass(frozen=True)
class _People:
    """Mentions by user id, and what each user is called."""

    mentions: dict[str, str]
    names: dict[str, str]

    def person(self, written: str) -> Speaker:
        """Someone asked by '@name' or 'name,': by the mention's user id when there is one."""
        found = names_if_plausible(written) or [written]
        name = found[0].lstrip("@")
        user_id = self.mentions.get(name.lower())
        return Speaker(user_id=user_id, display_name=self.names.get(user_id or "", name))

    def first_mentioned(self, sentence: str) -> Speaker | None:
        match = _MENTIONED.search(sentence)
        return self.person(match.group(1)) if match else None


def _answered(earlier: list[Unit], unit: Unit) -> Speaker | None:
    """Whom a message answers: the last earlier speaker who is not its author, among the
    few messages before it (an answer follows what it answers)."""
    for previous in reversed(earlier):
        if previous.speaker is not None and not _same(previous.speaker, unit.speaker):
            return previous.speaker
    return None


def _on_behalf(unit: Unit, sentence: str, named: Speaker, previous: str | None) -> Candidate | None:
    """'@kim is on it, she'll update it this week': Kim's, as the author says."""
    said = said_of_other(sentence)
    if said is None or reports_outcome(said.rest):
        return None
    candidate = Candidate(
        unit, said.rest, PROSE, 0.55, owners=[named.name], speaker=named, settled=True
    )
    candidate.topic = referent(said.rest, previous) if said.points_back else None
    return candidate


def _asked(
    unit: Unit,
    sentence: str,
    later: list[Unit],
    people: _People,
    answered: Speaker | None,
    previous: str | None,
) -> Candidate | None:
    """A request belongs to whoever was asked once they accept (a reply or a 👍); asked
    and not answered, it is theirs but unconfirmed; declined, it is nobody's. 'Can you
    take that?' asks for what was said just before."""
    asked = request(sentence)
    if asked is None:
        return None
    asked = replace(asked, rest=resolved_task(asked.rest, previous))
    addressees = [people.person(name) for name in asked.addressees]
    if not addressees and asked.of_you and answered is not None:
        addressees = [answered]
    declined = False
    for reply in later:
        if reply.speaker is None or _same(reply.speaker, unit.speaker):
            continue
        asked_them = not addressees or any(_same(reply.speaker, a) for a in addressees)
        if not (asked_them or declined):
            continue
        if delivers(reply.text):
            return None
        if declines(reply.text):
            declined = True
            continue
        if accepts(reply.text) or (declined and _volunteers(reply.text)):
            candidate = _request_item(unit, asked.rest, reply.speaker, 0.7, due_from=reply)
            if _delivered_later(reply, later):
                candidate.status = "done"
            return candidate
    if declined:
        return None
    accepted = [a for a in addressees if a.user_id and a.user_id in unit.accepted_by]
    if accepted:
        return _request_item(unit, asked.rest, accepted[0], 0.7)
    if len(addressees) == 1:
        candidate = _request_item(unit, asked.rest, addressees[0], 0.5)
        candidate.flags.append("unconfirmed")
        return candidate
    return None


def _assigned(unit: Unit, sentence: str, people: _People) -> Candidate | None:
    """'Dina - please send me the headcount', 'Eli, can you book the room?' in notes or
    an e-mail: nobody answers on the page, so the writer's request assigns the task."""
    asked = request(sentence)
    if asked is None or len(asked.addressees) != 1 or is_weak(sentence):
        return None
    written = asked.addressees[0]
    if not (written.startswith("@") or written[:1].isupper()) or not names_if_plausible(written):
        return None
    return _request_item(unit, asked.rest, people.person(written), 0.5)


def _volunteers(reply: str) -> bool:
    """'I can do it' after the person asked said no: someone else takes it."""
    said = self_commitment(reply)
    return said is not None or bool(re.match(r"^\W*i(?:'ll| will| can)\b", reply, re.I))


def _delivered_later(accepted: Unit, later: list[Unit]) -> bool:
    """'sure, today' and then 'done, it's live' from the same person: already done."""
    after = later[later.index(accepted) + 1 :]
    return any(_same(u.speaker, accepted.speaker) and delivers(u.text) for u in after)


def _request_item(
    unit: Unit, rest: str, owner: Speaker, confidence: float, due_from: Unit | None = None
) -> Candidate:
    task = spoken_objects(rest, unit.speaker, None)
    candidate = Candidate(
        unit, task, PROSE, confidence, owners=[owner.name], speaker=owner, settled=True
    )
    if due_from is not None:
        candidate.due_hint, candidate.due_unit = due_from.plain, due_from
    return candidate


def _same(a: Speaker | None, b: Speaker | None) -> bool:
    if a is None or b is None:
        return False
    if a.user_id and b.user_id:
        return a.user_id == b.user_id
    forms_a = {f.lower() for f in (a.display_name, a.real_name, a.user_id or "") if f}
    forms_b = {f.lower() for f in (b.display_name, b.real_name, b.user_id or "") if f}
    return bool(forms_a & forms_b) or bool(
        {f.split()[0] for f in forms_a} & {f.split()[0] for f in forms_b}
    )
