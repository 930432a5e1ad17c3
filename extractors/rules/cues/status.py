"""Whether a unit is still open: checked boxes, struck-through text, 'done' and
'cancelled' marks, and outcomes reported in the past tense are not open work."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.models import ItemStatus
from extractors.rules.lexicon import PAST_MARKERS

_DONE = r"done|completed?|finished|fixed|shipped|merged|resolved|closed|sent|landed"
_CANCELLED = r"cancel+ed|dropped|won'?t do|wontfix|no longer needed|obsolete|abandoned|n/a"
_EMOJI_DONE = r"✅|✔️?|☑️?|:white_check_mark:|:heavy_check_mark:|:ballot_box_with_check:"
_EMOJI_CANCELLED = r"❌|:x:|:no_entry_sign:"
_TRAIL = re.compile(
    rf"(?:\s*[-–—:,;]+\s*|\s*\(\s*|\s*\[\s*)(?P<mark>{_DONE}|{_CANCELLED})\s*[)\]]?\s*[.!]*\s*$"
    rf"|\s+(?P<upper>DONE|CANCELL?ED)[.!]*\s*$"
    rf"|\s*(?P<emoji>{_EMOJI_DONE}|{_EMOJI_CANCELLED})\s*$",
    re.I,
)
_LEAD = re.compile(
    rf"^\s*[\[(]?(?P<mark>{_DONE}|{_CANCELLED})[\])]?\s*(?::|[-–—]|(?<=[\])])\s)\s*"
    rf"|^\s*(?P<emoji>{_EMOJI_DONE}|{_EMOJI_CANCELLED})\s*",
    re.I,
)
_MIDDLE = re.compile(rf"\s*[(\[]\s*(?P<mark>{_DONE}|{_CANCELLED})\s*[)\]]", re.I)
_STRUCK = re.compile(
    r"^\s*(?:~~|~)(?P<inner>[^~]+?)(?:~~|~)(?P<after>\s*(?:\([^)]*\)|[-–—]\s*\S+)?)\s*[.]?\s*$"
)
_FUTURE = re.compile(r"\b(?:will|to|going to|shall|'ll|’ll|needs? to|should|must|can|plan)\b", re.I)
_SUBJECT = re.compile(
    r"^(?:[A-Z][\w'’-]*|@[\w.-]+|I|we|they|he|she)\s+(?:(?:has|have|had|already)\s+)?", re.I
)
_WORD = re.compile(r"[A-Za-z']+")


@dataclass(frozen=True)
class StatusSplit:
    status: ItemStatus
    rest: str


def _status_of(mark: str | None, emoji: str | None) -> ItemStatus:
    text = (mark or emoji or "").lower()
    cancelled = re.fullmatch(_CANCELLED, text, re.I) or re.fullmatch(_EMOJI_CANCELLED, text)
    return "cancelled" if cancelled else "done"


_MAYBE = re.compile(
    r"~|done|complet|finish|fixed|shipped|merged|resolved|closed|sent|landed|cancel|dropped|"
    r"won'?t|wontfix|no longer|obsolete|abandoned|n/a|✅|✔|☑|❌|:white_check|:heavy_check|"
    r":ballot_box|:x:|:no_entry",
    re.I,
)


def completion(text: str) -> StatusSplit | None:
    """'Draft the FAQ — done', 'DONE: book the room', '~~renew the domain~~', '✅ …'."""
    if not _MAYBE.search(text):
        return None
    struck = _STRUCK.match(text)
    if struck:
        return StatusSplit("done", (struck.group("inner") + struck.group("after")).strip())
    middle = _MIDDLE.search(text)
    if middle:
        rest = (text[: middle.start()] + text[middle.end() :]).strip()
        if rest:
            return StatusSplit(_status_of(middle.group("mark"), None), rest)
    for pattern in (_TRAIL, _LEAD):
        match = pattern.search(text)
        if match is None:
            continue
        mark = match.groupdict().get("mark") or match.groupdict().get("upper")
        if pattern is _TRAIL and match.group("upper") and not match.group("upper").isupper():
            continue
        if mark or match.group("emoji"):
            rest = (text[: match.start()] + " " + text[match.end() :]).strip()
            if rest:
                return StatusSplit(_status_of(mark, match.group("emoji")), rest)
    return None


def reports_outcome(sentence: str) -> bool:
    """'Sam sent the quote', 'Merged the fix', 'I already booked it': the past tense
    reports what happened, so it is a status, not a task."""
    if _FUTURE.search(sentence):
        return False
    words = _WORD.findall(sentence)
    if words and words[0].lower() in PAST_MARKERS:
        return True
    words = _WORD.findall(_SUBJECT.sub("", sentence.strip(), count=1))
    return bool(words) and words[0].lower() in PAST_MARKERS


_PROGRESS = re.compile(
    r"(?:\s[-–—:]\s*|\(\s*)(?:done|completed?|resolved|closed|ongoing|in progress|pending|"
    r"carried(?: over)?|no (?:update|progress)|still open|open|wip|blocked)\s*\)?\s*[.!]*\s*$",
    re.I,
)


def reports_progress(text: str) -> bool:
    """'Update the EIP bot - Ongoing', 'Contact Alexi (completed)': a status line of an
    earlier item, as action reviews write them."""
    return bool(_PROGRESS.search(text.strip()))
