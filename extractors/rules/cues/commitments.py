"""Promises made in prose and conversation: "I'll …", "let me …", "I can own …" belong to
whoever said them; "Sam will …", "Jo agreed to …" to the person named; a request
("@kim can you …", "kim, could you …") to the person asked once they accept."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.rules.lexicon import TASK_VERBS
from extractors.rules.text import first_word

_LEAD_IN = (
    r"(?:(?:ok(?:ay)?|so|sure|yes|yeah|yep|yup|alright|right|sounds good|great|cool|fine|and|"
    r"then|also|ah|oh|hm+|well|thanks|thank you|np|no problem|will do|can do|on it|got it|"
    r"happy to|good (?:idea|call|point))[,.!:—-]*\s+(?:[^\w\s]+\s+)*)*"
)
"""'ok, …', 'thanks 🙏 and …': what a reply says before the promise."""
_SELF = re.compile(
    rf"^{_LEAD_IN}(?:I'll|I will|I’ll|Ill|I can(?: also)?|I could|I'm going to|I’m going to|"
    r"I am going to|I'm gonna|I’m gonna|I plan to|I intend to|I'd be happy to|I’d be happy to|"
    r"I'm happy to|I’m happy to|I'm on|I’m on|I'll take|I can take|let me|lemme|"
    r"I will take care of|I'll handle|I volunteer to|I'll own|I can own|I own|"
    r"I need to|I have to|I should|I must|I’ll need to|I'll need to)\s+(?P<rest>.+)$",
    re.I,
)
_THIRD_PERSON = re.compile(
    r"^(?:she|he|they)(?:'ll|’ll| will| is going to| are going to| can)\s+(?P<rest>.+)$", re.I
)
"""'<@U7> is on it, she'll update it this week': said of the person just named."""
_SUBJECTLESS = re.compile(rf"^{_LEAD_IN}(?:will|gonna|going to)\s+(?P<rest>[a-z].+)$", re.I)
"""'Carol: … Will hand off the rotation', 'thanks! will rotate them after the release': in
a speaker's line the subject is the speaker."""
_ACCEPT = re.compile(
    r"^\W*(?:sure|yes|yep|yup|yeah|ok(?:ay)?|will do|can do|on it|i'm on it|i’m on it|"
    r"i'll do it|i’ll do it|i'll take it|i’ll take it|i can do (?:that|it)|i'll handle it|"
    r"got it|consider it done|absolutely|of course|no problem|np|sounds good|happy to|"
    r"me|i can|i'll|i’ll|i will|i'm happy to|i’m happy to|i got (?:it|this)|mine|"
    r"👍|:\+1:|:thumbsup:|:ok_hand:|👌|✅|:white_check_mark:|\+1)(?!\w)",
    re.I,
)
_DECLINE = re.compile(
    r"\b(?:can't|cannot|can’t|won't|won’t|not able|unable|no time|not me|too busy)\b|"
    r"^\W*(?:no|nope|sorry|pass)\b(?!\s+(?:problem|worries|rush))",
    re.I,
)
_ASIDE = (
    r"(?:\s*,?\s*(?:when you (?:get|have) a (?:chance|minute|sec(?:ond)?)|if you have (?:a )?"
    r"(?:time|minute|sec)|quick (?:one|question)|btw|also|by the way)\s*,?)*"
)
_REQUEST_LEAD_IN = (
    r"(?:(?:also|and|oh|btw|ok(?:ay)?|so|then|hey|hi|one more thing)[,!.:]*\s+)*"
    r"(?:[^@?—–]{3,40}\s[—–-]+\s+(?=@))?"
)
"""'also @kim can you …', "while we're here — @kim could you …": words before the
person asked, not the person."""
_REQUEST = re.compile(
    rf"^{_REQUEST_LEAD_IN}"
    r"(?P<who>(?:@[\w.-]+(?:\s[A-Z][\w'’-]+)?(?:\s*(?:,|and|&)\s*@[\w.-]+)*|[A-Za-z][\w.-]{1,20}))?"
    r"\s*[,:–—-]?"
    rf"{_ASIDE}\s*"
    r"(?:(?:can|could|would|will)\s+(?P<you>you|someone|somebody|anyone|anybody)"
    r"(?:\s+(?:from|on|in)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?\s+(?:team|group|side|folks))?"
    r"(?:\s+please)?|"
    r"are you able to|do you have (?:time|a minute) to|please|pls|mind|would you mind|"
    r"need you to|i need you to|(?P<who_can>who (?:can|could|wants to|will|is able to))|"
    r"(?:we |i )?(?:still |also )?need (?:someone|somebody|a volunteer) to)"
    r"\s+(?P<rest>.+)$",
    re.I,
)
_WEAK = re.compile(
    r"\b(?:if|maybe|might|perhaps|probably|possibly|i think|i guess|hopefully|wonder)\b", re.I
)
_NOT_TASK = re.compile(
    r"^(?:be|do|say|agree|think|guess|see|check back|try|get back|look|help|join|be there)\b"
    r"(?:\s+(?:that|it|this|so|there|in|with you|you))?\W*$|"
    r"^(?:see|understand|imagine|feel|relate|live with|hear)\b",
    re.I,
)
"""Promises to nothing ('I'll do that', 'I can see why'): no work follows them."""


@dataclass(frozen=True)
class Commitment:
    rest: str
    """The task as said, owner and lead-in removed."""
    points_back: bool = False
    """'I'll do that': the task is whatever was said just before."""


_ADVERB = re.compile(
    r"^(?:also|just|quickly|definitely|then|now|go ahead and|try to|get(?= started\b))\s+", re.I
)
_SPOKEN_LIMIT = 30
"""Longer than this, a spoken 'I will …' is thinking aloud rather than a promise."""


def self_commitment(sentence: str) -> Commitment | None:
    """ "Okay, I'll send the deck by Friday", 'let me put the sheet together' — a promise
    opens with something to do; 'I will say that …' or 'I can see it' does not."""
    match = _SELF.match(sentence.strip()) or _SUBJECTLESS.match(sentence.strip())
    if match is None:
        return None
    rest = _ADVERB.sub("", match.group("rest").strip())
    if _WEAK.search(sentence) or _NOT_TASK.match(rest) or len(rest.split()) < 2:
        return None
    if len(rest.split()) > _SPOKEN_LIMIT or not _opens_with_work(rest):
        return None
    return Commitment(rest, points_back=points_back(rest))


_FIRST_PERSON = re.compile(r"^(?:I\b|I['’]|let me\b|lemme\b)", re.I)


def first_person_task(text: str) -> str | None:
    """'I'll circulate the plan' in a list of next steps: the task without its 'I'll',
    for the writer or speaker to own; None when the text does not open with a promise."""
    if not _FIRST_PERSON.match(text.strip()):
        return None
    said = self_commitment(text)
    return said.rest if said is not None and not said.points_back else None


def imperative_of_participle(word: str) -> str | None:
    """'repainted' → 'repaint', 'updated' → 'update', 'shipped' → 'ship': a task verb's
    stem where the lexicon knows it, else the word less its '-ed'."""
    lower = word.lower()
    if not lower.endswith("ed"):
        return None
    stem = lower[:-2]
    for verb in (stem, stem + "e", stem[:-1], stem[:-1] + "y" if stem.endswith("i") else ""):
        if verb and verb in TASK_VERBS:
            return verb
    doubled = len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls"
    return (stem[:-1] if doubled else stem) if len(stem) >= 4 else None


def known_gerund(word: str) -> str | None:
    """The task verb a gerund is made of ('covering' → 'cover', 'taking' → 'take',
    'running' → 'run'), when the lexicon knows it."""
    lower = word.lower()
    if not lower.endswith("ing") or len(lower) < 5:
        return None
    stem = lower[:-3]
    return next((verb for verb in (stem, stem + "e", stem[:-1]) if verb in TASK_VERBS), None)


def imperative_of_gerund(word: str) -> str | None:
    """The base of a gerund: the known task verb, else the word less its '-ing'."""
    lower = word.lower()
    if not lower.endswith("ing") or len(lower) < 5:
        return None
    stem = lower[:-3]
    doubled = len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "ls"
    return known_gerund(lower) or (stem[:-1] if doubled else stem)


def _opens_with_work(rest: str) -> bool:
    """A task verb, or 'do' with a thing to do ('do the email blast', or 'do it today',
    which points back at the thing)."""
    verb = first_word(rest)
    return verb in TASK_VERBS or (verb == "do" and (len(rest.split()) >= 3 or points_back(rest)))


_VAGUE = re.compile(
    r"^\w+(?:\s+(?:care of|up|into|on|over|at|with))?"
    r"(?:\s+(?:it|that|this|them)\b(?:\s+(?:done|finished|ready|sorted|out))?)?\W*"
    r"(?:\s*(?:by|on|before|this|next|tomorrow|today|tonight|asap|later|soon|eod|eow|first)\b.*)?$",
    re.I,
)


def points_back(rest: str) -> bool:
    """'do that by Friday', 'update it this week', 'check': the task is named elsewhere."""
    return bool(_VAGUE.match(rest.strip()))


_SPEAK = frozenset("say tell talk speak explain describe repeat clarify elaborate hear".split())
"""'Sol, can you say a word about …': asked to speak in the meeting, not to do work."""


@dataclass(frozen=True)
class Request:
    addressees: list[str]
    """As written: '@kim', 'kim'; empty when asked of nobody in particular."""
    rest: str
    of_you: bool = False
    """Asked of 'you' with no name: of the person the message answers."""


_REASON = re.compile(r"\s+(?:since|because|as) (?:you|you're|you are|you've)\b.*$", re.I)
"""'… since you're acting lead': why the person is asked, not part of the task."""
_VOCATIVE = re.compile(r",\s*(?P<name>@?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\s*$")
"""'Can you take that, Raj?': the person asked, named at the end."""


def request(sentence: str) -> Request | None:
    """'@kim can you rerun the migration?', 'kim, could you …', 'please send …'."""
    match = _REQUEST.match(sentence.strip())
    if match is None:
        return None
    rest = _REASON.sub("", _ADVERB.sub("", match.group("rest").strip().rstrip("?!. ")))
    if len(rest.split()) < 2 or _NOT_TASK.match(rest) or first_word(rest) in _SPEAK:
        return None
    who = match.group("who") or ""
    of_you = (match.group("you") or "").lower() == "you"
    vocative = _VOCATIVE.search(rest)
    if vocative is not None and of_you:
        return Request([vocative.group("name")], rest[: vocative.start()].strip())
    if who.lower() in ("", "so", "and", "hey", "hi", "also", "then", "ok", "okay", "thanks"):
        return Request([], rest, of_you=of_you)
    names = [n.strip() for n in re.split(r"\s*(?:,|and|&)\s*", who) if n.strip()]
    return Request(names, rest)


_TAKER = re.compile(
    r"^(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?)\s+"
    r"(?:said (?:she|he|they)(?:['’]d|['’]ll| would| will)|"
    r"will|volunteered(?: to)?|offered to|can)\s+(?P<rest>.*?)[.!]?$"
)
_REQUEST_END = re.compile(r"(?<=\?)\s+")


def taken_request(text: str) -> tuple[str, str] | None:
    """'Could someone confirm which jobs still use the old API? Haruto said he'd check.'
    in one entry: (who took it, the task asked for); None unless the entry is exactly
    a request to nobody in particular followed by someone taking it on."""
    parts = _REQUEST_END.split(text.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    asked, taker = request(parts[0]), _TAKER.match(parts[1].strip())
    if asked is None or asked.addressees or taker is None:
        return None
    if taker.group("rest") and not points_back(taker.group("rest")):
        return None
    return taker.group("name"), asked.rest


def accepts(reply: str) -> bool:
    """'on it, tomorrow', 'sure!', '👍', 'will do by Friday' — and not 'sure, but I can't'."""
    text = reply.strip()
    return bool(_ACCEPT.match(text)) and not _DECLINE.search(text)


_DELIVERED = re.compile(
    r"^\W*(?:done|fixed|sent|shipped|merged|deployed|updated|here you go|here it is|here(?:'s| is) "
    r"the|there you go|✅|:white_check_mark:|:heavy_check_mark:)(?!\w)|^\W*<?https?://\S+>?\W*$|"
    r"^\W*(?:(?:it'?s|it is) (?:done|live|fixed|merged|deployed))\b",
    re.I,
)


_DONE_MARK = re.compile(r"✅|✔|:white_check_mark:|:heavy_check_mark:")
_SHORT_REPORT = 4


def delivers(reply: str) -> bool:
    """'done ✅', 'here you go <link>', 'fixed', a bare link, 'rotated ✅': the request is
    met already."""
    text = reply.strip()
    short = 0 < len(text.split()) <= _SHORT_REPORT
    return bool(_DELIVERED.search(text)) or (short and bool(_DONE_MARK.search(text)))


def declines(reply: str) -> bool:
    return bool(_DECLINE.search(reply))


def is_weak(sentence: str) -> bool:
    return bool(_WEAK.search(sentence))


def said_of_other(sentence: str) -> Commitment | None:
    """ "she'll update it this week": a promise made on someone else's behalf."""
    match = _THIRD_PERSON.match(sentence.strip())
    if match is None or _WEAK.search(sentence):
        return None
    rest = _ADVERB.sub("", match.group("rest").strip())
    return (
        Commitment(rest, points_back=points_back(rest)) if first_word(rest) in TASK_VERBS else None
    )
