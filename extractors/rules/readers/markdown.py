"""Written notes — GitHub markdown, plain text, Google Docs and HackMD exports, Slack
mrkdwn — read into sections and units.

Headings come with or without '#': underlined lines, bold lines, short lines ending in
a colon, ALL-CAPS lines and short title lines directly above a list all open a
section. Wrapped lines join the unit they continue; a new speaker, label or sentence
starts a new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.models import Speaker
from extractors.rules.cues.labels import leading_label
from extractors.rules.cues.names import names_if_plausible, names_over_tasks
from extractors.rules.cues.sections import heading_text, section_kind
from extractors.rules.document import Document, Section, Unit
from extractors.rules.readers.lines import Line, classify_all
from extractors.rules.readers.speakers import speaker_alone, split_speaker, strip_timestamp
from extractors.rules.text import strip_markdown, unreference

PSEUDO = 7
"""Headings written without '#' nest below every '#' level."""
_TERMINAL = re.compile(r"[.!?:;]\s*(?:\*\*|__|\*)?$")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<inner>[^*_]+?)(?:\*\*|__):?$|^\*(?P<one>[^*]+)\*:?$")
_SHORT = 8
_WRAP = 60
"""A line at least this long that stops mid-sentence was hard-wrapped."""


@dataclass
class _Peek:
    """What follows a line: the next non-blank line, and whether blank lines come first."""

    line: Line | None
    after_blank: bool


@dataclass
class _Builder:
    units: list[Unit] = field(default_factory=list)
    headings: list[Section] = field(default_factory=list)
    pseudo: Section | None = None
    pseudo_content: bool = False
    items: list[Unit] = field(default_factory=list)
    paragraph: Unit | None = None
    columns: tuple[str, ...] | None = None
    sticky: str | None = None
    has_content: bool = False
    """Whether the current heading has had anything under it yet."""
    last_line: str = ""
    speakers: bool = True
    """Whether 'Name: text' names a speaker; in a message the author is the speaker."""
    casual: bool = False
    """Notes typed in lower case, where a lower-case line starts a statement of its own."""

    @property
    def section(self) -> Section | None:
        if self.pseudo is not None:
            return self.pseudo
        return self.headings[-1] if self.headings else None

    def open_heading(self, title: str, level: int) -> None:
        self.close_pseudo()
        while self.headings and self.headings[-1].level >= level:
            self.headings.pop()
        parent = self.headings[-1] if self.headings else None
        self.headings.append(_section(title, level, parent))
        self.break_flow()
        self.sticky, self.has_content = None, False

    def open_pseudo(self, title: str) -> None:
        """A name under an action title ('Action items', then 'Priya Nair' over her
        tasks) opens that person's part of the list rather than a new section."""
        parent = self.headings[-1] if self.headings else None
        actions = self._action_pseudo()
        if actions is not None and names_over_tasks(heading_text(title)) is not None:
            parent = actions
        self.pseudo, self.pseudo_content = _section(title, PSEUDO, parent), False
        self.break_flow()

    def _action_pseudo(self) -> Section | None:
        for section in (self.pseudo, self.pseudo and self.pseudo.parent):
            if section is not None and section.level == PSEUDO and section.kind == "actions":
                return section
        return None

    def close_pseudo(self) -> None:
        self.pseudo, self.pseudo_content = None, False

    def end_list_section(self) -> None:
        """A rule after an action list (or a review) ends it: what follows is other notes
        under the same parent heading."""
        self.close_pseudo()
        current = self.headings[-1] if self.headings else None
        if current is None or current.kind not in ("actions", "review") or not self.has_content:
            return
        self.headings[-1] = Section("", current.level, "other", current.parent)

    def break_flow(self) -> None:
        self.items, self.paragraph, self.columns = [], None, None

    def add(self, unit: Unit, parent: Unit | None = None) -> None:
        unit.section = self.section
        if parent is not None:
            unit.parent = parent
            parent.children.append(unit)
        else:
            self.units.append(unit)
        self.has_content = True
        if self.pseudo is not None:
            self.pseudo_content = True


def _names_a_person(line: Line) -> bool:
    """'Priya Nair' alone on a line: a person's name heading their tasks."""
    if line.bullet or line.cells is not None or _TERMINAL.search(line.text):
        return False
    return bool(names_over_tasks(heading_text(line.text)))


def _section(title: str, level: int, parent: Section | None) -> Section:
    text = heading_text(title)
    section = Section(text, level, section_kind(text), parent)
    if parent is not None and parent.within("actions") and section.kind == "other":
        section.owners = names_over_tasks(text) if level == PSEUDO else _owner_heading(text)
    return section


def _owner_heading(text: str) -> list[str] | None:
    """Owners as sub-headings of an action list ('### Deeptanshu'); 'Unassigned' heads
    the tasks nobody owns (no owners, and not None)."""
    if len(text.split()) > 3 or "`" in text:
        return None
    return names_if_plausible(text)


def _peek(lines: list[Line], index: int) -> _Peek:
    after_blank = False
    for line in lines[index + 1 :]:
        if line.blank:
            after_blank = True
            continue
        return _Peek(line, after_blank)
    return _Peek(None, after_blank)


def _pseudo_heading(line: Line, peek: _Peek) -> bool:
    """A short paragraph line that titles what follows: bold, ending in ':', ALL CAPS, or a
    title directly above a list. A label with its task ('ACTION: call Sam') is not one."""
    if line.bullet or line.cells is not None or peek.line is None:
        return False
    raw = line.text.strip()
    plain = strip_markdown(raw)
    words = plain.rstrip(":").split()
    if not words or len(words) > _SHORT:
        return False
    label = leading_label(raw)
    if label is not None and label.rest:
        return False
    if _BOLD_LINE.match(raw) or plain.endswith(":"):
        return True
    if section_kind(plain) == "actions" and _names_a_person(peek.line):
        return True
    if plain.isupper() and len(plain) > 3 and len(words) <= 6:
        return True
    above_list = peek.line.bullet or peek.line.cells is not None
    titled = not _TERMINAL.search(plain) and ":" not in plain and "," not in plain
    return above_list and not peek.after_blank and titled and len(words) <= 5


def _speaking(text: str, sticky: str | None, speakers: bool) -> tuple[Speaker | None, str]:
    if not speakers or leading_label(text) is not None:
        return None, text
    name, rest = split_speaker(unreference(strip_timestamp(text)))
    if name is not None:
        return Speaker(display_name=name), rest
    return (Speaker(display_name=sticky), text) if sticky else (None, text)


def _unit(line: Line, kind: str, builder: _Builder) -> Unit:
    speaker, text = _speaking(line.text, builder.sticky, builder.speakers)
    return Unit(
        kind,  # type: ignore[arg-type]
        text,
        line.number,
        line.number,
        check=line.check,
        speaker=speaker,
        raw=line.text,
    )


_FIELD_LINE = re.compile(
    r"^(?:owners?|assignee|assigned to|responsible|dri|due(?: date)?|deadline|eta|status)\s*:\s*\S",
    re.I,
)
"""'Responsible: Uma' under 'Action item: …': a tracker's fields, one per line."""
_ADDRESSED = re.compile(r"^(?:@[\w.-]+|<@[UW][A-Z0-9]+)")
"""A line that opens by addressing someone starts a new request."""


def _starts_statement(text: str) -> bool:
    """A line that opens with a label or a speaker is its own unit, never a wrap."""
    plain = strip_timestamp(text)
    if _ADDRESSED.match(plain):
        return True
    return leading_label(plain) is not None or split_speaker(plain)[0] is not None


def _wraps(last_line: str, line: Line, casual: bool = False) -> bool:
    """A line continues the unit above when it goes on in lower case, or when the line
    above was cut mid-sentence by a hard wrap; plain-text notes put one statement per
    line, each starting with a capital (in notes typed in lower case, each line)."""
    if _FIELD_LINE.match(line.text):
        return True
    if _starts_statement(line.text) or line.text[:1] in "#>|":
        return False
    if line.text[:1].islower() and not casual:
        return True
    return len(last_line.strip()) >= _WRAP and not _TERMINAL.search(last_line.rstrip())


def _append(unit: Unit, line: Line) -> None:
    unit.text = f"{unit.text} {line.text}".strip()
    unit.raw = f"{unit.raw} {line.text}".strip()
    unit.last = line.number


def _row(builder: _Builder, line: Line) -> None:
    if line.header:
        builder.columns = line.cells
        return
    cells = line.cells or ()
    columns = builder.columns or tuple(str(i) for i in range(len(cells)))
    text = " | ".join(cells)
    unit = Unit("row", text, line.number, line.number, raw=text)
    unit.cells = dict(zip(columns, cells, strict=False))
    builder.add(unit)


def _item(builder: _Builder, line: Line) -> None:
    while builder.items and builder.items[-1].indent >= line.indent:
        builder.items.pop()
    unit = _unit(line, "item", builder)
    unit.indent = line.indent
    builder.add(unit, builder.items[-1] if builder.items else None)
    builder.items.append(unit)
    builder.paragraph = None


def _text(builder: _Builder, line: Line, after_blank: bool) -> None:
    item = builder.items[-1] if builder.items else None
    indented = item is not None and line.indent > item.indent and not _starts_statement(line.text)
    wraps = not after_blank and _wraps(builder.last_line, line, builder.casual)
    if item is not None and (indented or wraps):
        _append(item, line)
        return
    paragraph = builder.paragraph
    if paragraph is not None and wraps:
        _append(paragraph, line)
        return
    if builder.pseudo is not None and builder.pseudo_content and after_blank:
        builder.close_pseudo()
    builder.items = []
    unit = _unit(line, "paragraph", builder)
    builder.add(unit)
    builder.paragraph = unit


def _continues_item(builder: _Builder, line: Line) -> bool:
    """An indented line under a list item is more of that item, even if it ends in ':'."""
    item = builder.items[-1] if builder.items else None
    return item is not None and line.indent > item.indent and not _starts_statement(line.text)


def _underline(builder: _Builder, line: Line) -> bool:
    """'Title' over '====' or '----' is a heading, not a paragraph and a rule."""
    paragraph = builder.paragraph
    if not line.underline or paragraph is None or paragraph.first != paragraph.last:
        return False
    if paragraph.last != line.number - 1:
        return False
    container = paragraph.parent.children if paragraph.parent else builder.units
    container.remove(paragraph)
    builder.open_heading(paragraph.raw, line.underline)
    return True


def read_markdown(text: str, *, speakers: bool = True, casual: bool = False) -> Document:
    lines = classify_all(text)
    builder = _Builder(speakers=speakers, casual=casual)
    after_blank = True
    for index, line in enumerate(lines):
        if line.blank:
            after_blank = True
            builder.columns = None if builder.columns and not line.raw.strip() else builder.columns
            continue
        if line.rule:
            if not _underline(builder, line):
                builder.end_list_section()
                builder.break_flow()
        elif line.heading:
            builder.open_heading(line.text, line.heading)
        elif line.cells is not None:
            _row(builder, line)
        elif line.bullet:
            _item(builder, line)
        elif _continues_item(builder, line):
            _append(builder.items[-1], line)
        elif speakers and (alone := _speaker_line(line, lines, index, after_blank)) is not None:
            builder.sticky = alone
            builder.break_flow()
        elif _pseudo_heading(line, _peek(lines, index)):
            builder.open_pseudo(line.text)
        else:
            _text(builder, line, after_blank)
        after_blank = False
        builder.last_line = line.raw
    return Document("markdown", builder.units, [line.raw for line in lines])


def _speaker_line(line: Line, lines: list[Line], index: int, after_blank: bool) -> str | None:
    """A name alone on its line, above what they said (chat and meeting exports)."""
    following = lines[index + 1] if index + 1 < len(lines) else None
    if not after_blank or following is None or following.blank or following.heading:
        return None
    if following.bullet and not line.text.strip().endswith(("AM", "PM", "am", "pm")):
        return None
    return speaker_alone(line.raw)
