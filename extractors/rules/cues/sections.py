"""What a heading says its section is about: this meeting's actions, a review of earlier
ones, decisions, attendance, the agenda, or anything else. A section raises or lowers
the confidence of what is under it; it never decides alone."""

from __future__ import annotations

import re

from extractors.rules.document import SectionKind
from extractors.rules.text import strip_markdown

_ACTION_WORDS = (
    r"(?:action[ _-]?items?|actions?(?: required| needed| list)?|action points?|next[ -]steps?|"
    r"AIs|to-?dos?|to do(?: list)?|follow[- ]?ups?|assignments|tasks?|open items?|"
    r"commitments|deliverables|homework|owners?|asks|help needed)"
)
_ACTION_TITLE = re.compile(
    rf"^(?:(?:this (?:meeting|week)['’]s|today['’]s|new|meeting|summary of|key|our|current)\s+)?"
    rf"{_ACTION_WORDS}(?:\s*\((?:s|AIs)\))?"
    r"(?:\s+(?:from|for|of) (?:this|today['’]s|the) (?:meeting|call|sync|week))?$",
    re.I,
)
"""The whole title names an action list: 'Action Items (AIs)', "Today's next steps"."""
_ACTION_START = re.compile(
    rf"^{_ACTION_WORDS}\b(?!\s+(?:process|review|tracking|template))|"
    r"^(?:by|before) (?:the )?next (?:call|meeting)\b",
    re.I,
)
"""The title opens with one: 'Next steps based on this discussion', 'By next call we hope to'."""
_ACTION_PHRASE = re.compile(
    r"\b(?:action items?|action points?|next steps|follow-?ups|to-?dos)\b", re.I
)
"""A lead-in line that names the list below it: 'The following action items came from the call'."""
_QUALIFIED_ACTIONS = re.compile(
    r"^(?:[\w-]+\s+){1,2}(?:actions|action items|tasks|to-?dos|follow-?ups|items to do)$", re.I
)
"""'Corrective actions', 'Remediation tasks', 'Agreed follow-ups': a list of actions
with a word saying which (a review of earlier ones is told apart before this)."""
_SEVERAL_TOPICS = re.compile(r"/|&|,|\band\b|\bor\b", re.I)
_REVIEW = re.compile(
    r"\b(?:review(?:ed|ing)?|previous|prior|last (?:meeting|call|week|time)|carried(?: over)?|"
    r"outstanding|old|recap|status of|update on|from (?:the )?last|earlier|past|pending from)\b",
    re.I,
)
_THIS_MEETING = re.compile(
    r"\b(?:today|tonight|this (?:meeting|call|sync|session|week)|(?:from|of) (?:the|our) "
    r"(?:call|meeting|sync|session)(?! (?:before|last))\b)",
    re.I,
)
"""'Recap from today' sums up this meeting; 'Recap of last week' reviews an earlier one."""
_DECISIONS = re.compile(
    r"^(?:decisions?|agreed|agreements?|resolutions?|resolved|outcomes?)\b", re.I
)
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
    review = (bool(_REVIEW.search(plain)) or plain.lower() == "recap") and not _THIS_MEETING.search(
        plain
    )
    about_actions = bool(re.search(rf"\baction|{_ACTION_WORDS}", plain, re.I))
    if review and words <= 12 and (about_actions or plain.lower().startswith("recap")):
        return "review"
    if _ACTION_TITLE.match(plain) or (words <= 9 and _ACTION_START.match(plain)):
        return "actions"
    if words <= 3 and _QUALIFIED_ACTIONS.match(plain):
        return "actions"
    if words <= 12 and _ACTION_PHRASE.search(plain) and not _SEVERAL_TOPICS.search(plain):
        return "actions"
    if _DECISIONS.match(plain):
        return "decisions"
    if words <= 6 and _ATTENDANCE.search(plain):
        return "attendance"
    if _AGENDA.match(plain):
        return "agenda"
    return "other"
