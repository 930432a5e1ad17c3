"""Action labels: 'ACTION:', 'AI @sam:', 'TODO(kim):', '#action', 'Action item for X:',
'[ACTION - Lee] -', 'Next steps:' — at the start of a unit, inside a sentence, or as a
trailing tag. A label is the note-taker saying "this is an action"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.rules.cues.names import names_if_plausible
from extractors.rules.text import strip_markdown

_STRONG = r"action[ _-]?items?|actions?|action[ _-]?points?|ais?|aps?|todos?|to-?dos?|to do"
_WEAK = r"next[ -]steps?|follow[ -]?ups?|open items?"
_LABEL = rf"(?P<label>{_STRONG}|{_WEAK})(?:\(s\))?"
_NUMBER = r"(?:\s*#?\d+(?:\.\d+)*)?"
_SEP = r"\s*(?::|->|→|—|–|-(?=\s)|=>)\s*"
_NAME = (
    r"(?:@\s?[\w.-]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}|"
    r"all|everyone|[a-z][\w.-]{1,20})"
)
_NAMES = rf"{_NAME}(?:\s*(?:,|/|&|\+|\band\b)\s*{_NAME})*"

_FORMS = [
    re.compile(rf"^{_LABEL}{_NUMBER}\s*\((?P<owner>[^)]{{1,60}})\){_SEP}(?P<rest>.*)$", re.I),
    re.compile(
        rf"^{_LABEL}{_NUMBER}\s+(?:for|by)\s+(?P<owner>[^:]{{1,60}}?){_SEP}(?P<rest>.*)$", re.I
    ),
    re.compile(rf"^{_LABEL}{_NUMBER}\s+by\s+(?P<owner>{_NAMES})\s+(?P<rest>to\s.*)$", re.I),
    re.compile(rf"^\[\s*{_LABEL}\s*[-–—,:]\s*(?P<owner>[^\]]{{1,60}})\]{_SEP}?(?P<rest>.*)$", re.I),
    re.compile(
        rf"^{_LABEL}{_NUMBER}{_SEP}(?P<owner>{_NAMES})\s*(?::|\s[-–—])\s*(?P<rest>.+)$", re.I
    ),
    re.compile(rf"^{_LABEL}{_NUMBER}\s+(?P<owner>{_NAMES})\s*:\s*(?P<rest>.*)$", re.I),
    re.compile(rf"^{_LABEL}{_NUMBER}{_SEP}(?P<rest>.*)$", re.I),
    re.compile(r"^#(?P<label>action|todo|ai)\b:?\s*(?P<rest>.*)$", re.I),
    re.compile(rf"^{_LABEL}\s*@\s?(?P<owner>{_NAMES})\s*:?\s*(?P<rest>)$", re.I),
    re.compile(r"^(?P<label>TODO|FIXME|DONE)\s+(?P<rest>[^:]+)$"),
]
_TRAILING = re.compile(
    r"\s*[\[(]\s*(?P<label>action|ai|todo)\s*(?:[-–—,:]\s*|@\s?)(?P<owner>[^\])]{1,60})[\])]\s*\.?$",
    re.I,
)
_INSIDE = re.compile(
    r"(?:(?<=[.;!?)])\s+|\s[-–—]\s|;\s*|\s)(?=(?:ACTION|AI|TODO)\b|#action\b|"
    r"(?:action items?|action|todo|next steps?)\s*:)",
    re.I,
)
_UPPER_LABEL = re.compile(r"^(?:ACTION|AI|TODO)", re.UNICODE)


@dataclass(frozen=True)
class Label:
    """A label found in a unit: the owner it names (as written), the text it tags, and
    whether it is a strong one (ACTION, AI, TODO) or a summary one (Next steps)."""

    owner: str | None
    rest: str
    strong: bool
    start: int = 0
    """Where the label starts in the plain text; text before it is context."""
    done: bool = False
    """'DONE Send the invoices': a finished action of this meeting."""


_MAYBE = re.compile(
    r"action|todo|to-?do|to do|\bai|\bap|next[ -]step|follow|open item|#|done|fixme", re.I
)
"""Every label holds one of these; a unit without any is skipped without trying the forms."""


def _match_at(plain: str) -> Label | None:
    if not _MAYBE.search(plain, 0, 60):
        return None
    for form in _FORMS:
        match = form.match(plain)
        if match is None:
            continue
        label = match.group("label")
        if label.lower().startswith(("ai", "ap")) and len(label) <= 3 and not label.isupper():
            continue
        owner = match.groupdict().get("owner")
        mine = owner is not None and owner.strip().lower() in ("me", "myself")
        if owner and not mine and names_if_plausible(owner.strip(" []*")) is None:
            continue
        strong = not re.match(_WEAK, label, re.I)
        owner = owner.strip(" []*") if owner else None
        return Label(owner, match.group("rest").strip(), strong, done=label == "DONE")
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _first_sentence(text: str) -> str:
    """A label inside a paragraph tags its own sentence, not the rest of the paragraph."""
    return _SENTENCE_END.split(text, maxsplit=1)[0]


def leading_label(text: str) -> Label | None:
    """A label opening the unit: 'ACTION: …', '**AI @sam**: …', 'TODO(kim): …'."""
    return _match_at(strip_markdown(text))


def find_label(text: str) -> Label | None:
    """A label anywhere: at the start, inside a sentence ('… agreed. ACTION: Vic to …'),
    or as a trailing tag ('… [ACTION, Lee, Ivan]')."""
    plain = strip_markdown(text)
    if not _MAYBE.search(plain):
        return None
    found = _match_at(plain)
    if found is not None:
        return found
    trailing = _TRAILING.search(plain)
    if trailing is not None:
        rest = plain[: trailing.start()].strip()
        return Label(trailing.group("owner").strip(" *"), rest, True) if rest else None
    for position in _INSIDE.finditer(plain):
        start = position.end()
        tail = plain[start:]
        inner = _match_at(tail)
        if inner is not None and (_UPPER_LABEL.match(tail) or ":" in tail[:20] or tail[0] == "#"):
            return Label(inner.owner, _first_sentence(inner.rest), inner.strong, start)
    return None
