"""What a heading says its section is about: this meeting's actions, a review of earlier
ones, decisions, attendance, the agenda, or anything else. A section raises or lowers
the confidence of what is under it; it never decides alone."""

from __future__ import annotations

import re

from extractors.rules.document import SectionKind
from extractors.rules.text import strip_markdown

_ACTIONS = re.compile(
    r"\b(?:action[ _-]?items?|actions?(?: required| needed| list| points?)?|action points?|"
    r"next[ -]steps?|AIs|to-?dos?|to do(?: list)?|follow[- ]?ups?|assignments|tasks?|"
    r"open items?|owners?|commitments|deliverables|homework|"
    r"by next (?:call|meeting)\b.*|before next (?:call|meeting)\b.*)\s*(?:\(s\)|\(AIs\))?$"
    r"|^(?:action[ _-]?items?|actions?|next[ -]steps?|follow[- ]?ups?|to-?dos?)\b",
    re.I,
)
_REVIEW = re.compile(
    r"\b(?:review(?:ed|ing)?|previous|prior|last (?:meeting|call|week|time)|carried(?: over)?|"
    r"outstanding|old|recap|status of|update on|from (?:the )?last|earlier|past|pending from)\b",
    re.I,
)
_DECISIONS = re.compile(r"^(?:decisions?|agreed|agreements?|resolutions?|resolved|outcomes?)\b", re.I)
_ATTENDANCE = re.compile(
    r"\b(?:attendees|attendance|present|participants|regrets|absent|apologies|who'?s here|"
    r"roll ?call|sign[- ]?in sheet|guests|in attendance)\b",
    re.I,
)
_AGENDA = re.compile(r"^(?:agenda|proposed agenda|agenda items?)\b", re.I)
_NUMBERING = re.compile(r"^(?:\d+[a-z]?[.)]?|[IVX]+\.)\s+")


def heading_text(text: str) -> str:
    """Heading words without markdown, numbering or a trailing colon."""
    plain = strip_markdown(text).strip().rstrip(":").strip()
    return _NUMBERING.sub("", plain)


def section_kind(title: str) -> SectionKind:
    plain = heading_text(title)
    words = len(plain.split())
    if words == 0:
        return "other"
    review = bool(_REVIEW.search(plain)) or plain.lower() == "recap"
    about_actions = bool(_ACTIONS.search(plain)) or bool(re.search(r"\baction", plain, re.I))
    if review and words <= 12 and (about_actions or plain.lower().startswith("recap")):
        return "review"
    if words <= 9 and _ACTIONS.search(plain):
        return "actions"
    if _DECISIONS.match(plain):
        return "decisions"
    if words <= 6 and _ATTENDANCE.search(plain):
        return "attendance"
    if _AGENDA.match(plain):
        return "agenda"
    return "other"
