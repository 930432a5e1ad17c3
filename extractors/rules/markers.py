"""Recognise action-item markers: section headings, inline labels, review blocks.

Note-takers signal what counts as an action; following those signals is what
keeps precision high, so every marker form lives here in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.rules.text import strip_markdown

_SECTION_WORDS = re.compile(
    r"\b(action[ _-]?items?|actions?(?: required| needed| list)?|next steps?|AIs|to-?dos?|"
    r"follow[- ]?ups?|assignments|tasks|takeaways for owners|by next (?:call|meeting)\b.*)\s*"
    r"(?:\(s\)|\(AIs\))?$",
    re.IGNORECASE,
)
_REVIEW = re.compile(
    r"\b(review|previous|prior|last (?:meeting|call|week)|carried|outstanding|old|"
    r"update on|status of|follow-up:)",
    re.IGNORECASE,
)
_INLINE = re.compile(
    r"^(?:(?:action[ _-]?items?|actions?|todo|to-do|next steps?|follow[ -]?ups?)(?:\(s\))?|AIs?)\b"
    r"(?:\s+#?\d+(?:\.\d+)*)?"
    r"(?:\s+(?:for|by)\s+(?P<owner>[^:]{1,60}?))?\s*(?::|->|→|—|–|-(?=\s))\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_BARE = re.compile(r"^(?:action[ _-]?items?|actions?)(?:\(s\))?:?$", re.IGNORECASE)
_OWNER_FIELD = re.compile(r"\b(?:owner|assignee|assigned to|who)\s*:\s*", re.IGNORECASE)
_NO_TASK = re.compile(
    r"^(?:none|n/?a|nothing|no action\b.*|tbd|-+|\.+|pr (?:landed|merged)\.?)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Marker:
    """An inline action label: the owner named in the label (if any) and the rest."""

    owner: str | None
    rest: str
    # 'Next steps:' and 'Follow up:' lines sum up a topic rather than tag the agreed
    # actions, so they do not mean the rest of the notes is untagged chatter.
    weak: bool = False


def _short(text: str, words: int = 9) -> bool:
    return 0 < len(text.split()) <= words


def heading_text(text: str) -> str:
    """Heading words without markdown, numbering or a trailing colon."""
    plain = strip_markdown(text).strip().rstrip(":").strip()
    return re.sub(r"^(?:\d+[a-z]?[.)]?|[IVX]+\.)\s+", "", plain)


def is_action_heading(text: str) -> bool:
    """'## Action Items', 'Next steps', '# Action Items (AIs)', 'By next call we hope to'."""
    plain = heading_text(text)
    return _short(plain) and bool(_SECTION_WORDS.search(plain)) and not is_review(plain)


def is_review(text: str) -> bool:
    """Last meeting's action review is not this meeting's work."""
    plain = heading_text(text)
    return _short(plain, 12) and bool(_REVIEW.search(plain)) and "action" in plain.lower()


def is_review_heading(text: str) -> bool:
    """A heading that opens a review of earlier decisions or action items."""
    plain = heading_text(text).lower()
    return (
        _short(plain, 12)
        and bool(_REVIEW.search(plain))
        and ("action" in plain or "decision" in plain)
    )


def pseudo_heading(text: str) -> bool:
    """A paragraph that acts as a heading: bold or ending with a colon, and short."""
    raw = text.strip()
    plain = strip_markdown(raw)
    bold = raw.startswith(("**", "__", "*")) and raw.rstrip(":").endswith(("**", "__", "*"))
    return _short(plain, 9) and (plain.endswith(":") or bold or bool(_BARE.match(plain)))


def inline_marker(text: str) -> Marker | None:
    """'ACTION 20.1: …', 'Action item for X: …', 'action -> …', 'TODO by [X]: …',
    'Follow up: … (Owner)'."""
    plain = strip_markdown(text)
    match = _INLINE.match(plain)
    if not match:
        return None
    label = plain[: match.start("rest")].split()[0]
    if label.upper() == "AI" and not label.isupper():
        return None
    owner = match.group("owner")
    weak = label.lower().startswith(("next", "follow"))
    return Marker(owner.strip(" []") if owner else None, match.group("rest").strip(), weak)


def is_empty_task(text: str) -> bool:
    """'ACTION: none', 'PR landed' and bare punctuation hold no task."""
    return not text.strip() or bool(_NO_TASK.match(text.strip()))


def owner_field(text: str) -> tuple[str, str] | None:
    """'… Owner: Alice Due: Friday' splits into the task part and the owner part."""
    match = _OWNER_FIELD.search(text)
    if not match or (match.start() == 0 and not text[match.end() :].strip()):
        return None
    after = text[match.end() :]
    owner = re.split(r"[.;,]\s|\s+(?:due|deadline|by|when)\s*:", after, maxsplit=1, flags=re.I)[0]
    task = (text[: match.start()] + " " + after[len(owner) :]).strip(" .;,-")
    return task, owner.strip(" .")
