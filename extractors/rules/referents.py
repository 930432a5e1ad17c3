"""What a follow-up that points elsewhere means, so the item reads on its own.

'I can do that' after 'we need someone to update the status page' is 'update the status
page'; 'can you take it?' after 'who's covering engineering?' is 'cover engineering';
'send me the brief', asked by Amira, is 'send Amira the brief'. Only the words said
before are read: a referent that cannot be found leaves the task as said.
"""

from __future__ import annotations

import re

from extractors.models import Speaker
from extractors.rules.cues.commitments import (
    imperative_of_gerund,
    imperative_of_participle,
    points_back,
)

_RECENT = 3
"""How many sentences back 'can you take that?' may still mean a need stated there."""


def remember(recent: list[str], sentence: str) -> list[str]:
    """The last few sentences a later 'that' may mean, this one added."""
    return [*recent[1 - _RECENT :], sentence]


def states_need(sentence: str) -> bool:
    return bool(_NEED.match(sentence) or _WANTED_DONE.match(sentence) or _WHO_DOES.match(sentence))


def referred_to(recent: list[str]) -> str:
    """What a later 'that' most likely means: the latest need stated among the last few
    sentences ('Who's covering engineering? Arjun is on leave.'), else the last one."""
    return next((s for s in reversed(recent) if states_need(s)), recent[-1])


_POINTER = re.compile(
    r"^\w+(?:\s+(?:care of|up|into|on|over|at|with))?\s+(?:it|that|this|them)\b", re.I
)
_NEED = re.compile(
    r"^(?:someone|somebody|we|they|you|the team)\s+(?:needs? to|should|must|ha(?:ve|s) to|"
    r"ought to|could)\s+(?P<task>.+)$"
    r"|^(?:(?:we|i)\s+)?(?:also\s+|still\s+)?need (?:someone|somebody|a volunteer|help) to"
    r" (?P<needed>.+)$"
    r"|^(?:could|can|would) (?:someone|somebody|anyone|anybody)"
    r"(?: (?:from|on|in) [\w\s'’-]{2,30}?)?"
    r" (?P<asked>(?:please )?[a-z]+\b[^?]*)\??$",
    re.I,
)
"""'Someone needs to update the runbook', 'Could someone from the data team confirm …?':
the task a later 'I'll do it' or 'Haruto said he'd check' takes on."""


_WANTED_DONE = re.compile(
    r"^(?:we|i|they)\s+(?:also\s+|still\s+)?(?:need|want)\s+(?P<thing>.{3,60}?)\s+"
    r"(?P<participle>[a-z]+ed)\W*$",
    re.I,
)
"""'We also need the floor markings repainted': the thing and what is to be done to it."""
_WHO_DOES = re.compile(
    r"^who(?:['’]s| is| will be)\s+(?P<gerund>[a-z]+ing)\s+(?P<thing>[^?]{2,60}?)\s*\?", re.I
)
"""'Who's covering engineering?': the task a 'can you take it?' then hands over."""
_LACKING = re.compile(
    r"^(?:(?:fyi|heads up|btw|note|ugh|so|also)\b[:,!]*\s+)?"
    r"(?P<thing>[\w'’ -]{3,50}?)\s+(?:is |are |still )?(?:missing|needed|broken|outdated|"
    r"out of date|stale|failing|rough|unclear)\b"
    r"(?P<where>(?:\s+(?:for|on|in)\s+(?:(?!\s(?:since|after|because|when|again)\b)[^,;.!])+)?)"
    r"(?:\s+(?:since|after|because|when|again)\b[^.!]*)?[.!]?$",
    re.I,
)
"""'Empty states missing for the billing page -> Priya to mock up': what the bare 'mock
up' is to be done to."""
_VERB_PARTICLE = re.compile(r"^\w+(?:\s+(?:up|out|over|through|together|down|off)\b)?")
_LAST_THING = re.compile(
    r"\b(?:on|about|with|for|of)\s+"
    r"(?P<thing>(?:the|our|this|that|your)\s+(?:[^?!,;.]|\.(?=\d)){3,50}?)\s*[?.!]*$",
    re.I,
)
"""'Where are we on the 3.0 migration guide?': what the question is about."""
_PRONOUN = re.compile(r"\b(?:it|that|this)\b", re.I)


def referent(rest: str, previous: str | None) -> str | None:
    """'Dana will do that': what 'that' is, said just before."""
    return previous[:80] if previous and points_back(rest) else None


def resolved_task(rest: str, previous: str | None) -> str:
    """'Dana will do that by Friday' after 'Someone needs to update the runbook' is
    'update the runbook by Friday'; the date said with the promise is kept. After 'We
    need the markings repainted' it is 'repaint the markings'; after 'Where are we on
    the migration guide?', 'have it done' is 'have the migration guide done'."""
    said_before = referent(rest, previous)
    if said_before is None:
        return rest
    pointer = _POINTER.match(rest) or re.match(r"^\w+", rest)
    tail = rest[pointer.end() :].strip() if pointer else rest
    need = _NEED.match(said_before)
    if need is not None:
        task = need.group("task") or need.group("needed") or need.group("asked")
        return f"{task.rstrip('.!')} {tail}".strip()
    for pattern, form, base in _DONE_TO_A_THING:
        asked = pattern.match(said_before)
        verb = base(asked.group(form)) if asked else None
        if asked and verb:
            return f"{verb} {asked.group('thing')} {tail}".strip()
    lacking = _LACKING.match(said_before)
    if lacking:
        return _with_thing(rest, f"{lacking.group('thing')}{lacking.group('where')}".rstrip(" .!"))
    thing = _LAST_THING.search(said_before)
    return _PRONOUN.sub(thing.group("thing"), rest, count=1) if thing else rest


_DONE_TO_A_THING = (
    (_WANTED_DONE, "participle", imperative_of_participle),
    (_WHO_DOES, "gerund", imperative_of_gerund),
)
"""'We need X repainted', 'Who's covering X?': a verb form and the thing it is done to."""


def _with_thing(rest: str, thing: str) -> str:
    """'fix it' → 'fix <thing>'; a bare 'mock up' → 'mock up <thing>'."""
    if _PRONOUN.search(rest):
        return _PRONOUN.sub(thing, rest, count=1)
    verb = _VERB_PARTICLE.match(rest)
    return f"{verb.group()} {thing} {rest[verb.end() :].strip()}".strip() if verb else rest


_OBJECT_ME = re.compile(r"(?<=\w )(?:me|myself)\b(?!['’])", re.I)
_MY = re.compile(r"(?<=\w )my\b", re.I)
_OBJECT_YOU = re.compile(r"(?<=\w )you\b(?!['’])", re.I)


def spoken_objects(task: str, me: Speaker | None, you: Speaker | None) -> str:
    """'send me the brief' asked by Amira is 'send Amira the brief' ('review my PR',
    'review Amira's PR'); 'pair with you' said to Nadia is 'pair with Nadia': the item is
    read away from the conversation."""
    if me is not None:
        task = _MY.sub(f"{me.name}'s", _OBJECT_ME.sub(me.name, task))
    if you is not None:
        task = _OBJECT_YOU.sub(you.name, task)
    return task
