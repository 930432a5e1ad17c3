"""Group lines into entries: a list item or paragraph with its wrapped lines and sub-items.

Action items wrap across lines and nest ("start discussions about:" followed by
sub-bullets), so items are built from entries rather than single lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from extractors.rules.lines import Line


@dataclass
class Entry:
    """A heading, list item, table row or paragraph, with continuation lines and children."""

    lines: list[Line]
    children: list[Entry] = field(default_factory=list)

    @property
    def head(self) -> Line:
        return self.lines[0]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines if line.text)

    @property
    def first(self) -> int:
        return self.head.number

    @property
    def last(self) -> int:
        ends = [self.lines[-1].number] + [child.last for child in self.children]
        return max(ends)

    @property
    def is_list(self) -> bool:
        return self.head.bullet or self.head.cells is not None


def build_entries(lines: list[Line], starts_entry: Callable[[Line], bool]) -> list[Entry]:
    """Top-level entries in order; bullets nest under shallower bullets by indent."""
    top: list[Entry] = []
    stack: list[Entry] = []
    current: Entry | None = None
    previous_blank = True
    for line in lines:
        if line.blank:
            previous_blank = True
            continue
        if line.heading or line.rule or line.cells is not None:
            current, stack = Entry([line]), []
            top.append(current)
        elif line.bullet:
            while stack and stack[-1].head.indent >= line.indent:
                stack.pop()
            current = Entry([line])
            (stack[-1].children if stack else top).append(current)
            stack.append(current)
        elif _continues(current, line, previous_blank, starts_entry):
            assert current is not None
            current.lines.append(line)
        else:
            current, stack = Entry([line]), []
            top.append(current)
        previous_blank = False
    return top


def _continues(
    current: Entry | None, line: Line, previous_blank: bool, starts_entry: Callable[[Line], bool]
) -> bool:
    """Wrapped text continues an entry; a new speaker or marker starts another."""
    if current is None or current.head.heading or current.head.rule:
        return False
    if current.head.cells is not None:
        return False
    if line.speaker and line.speaker != current.head.speaker:
        return False
    if starts_entry(line):
        return False
    if previous_blank:
        return current.head.bullet and line.indent > current.head.indent
    return True


def walk(entries: list[Entry]) -> list[Entry]:
    """Every entry, depth first, so inline markers in sub-bullets are seen too."""
    out: list[Entry] = []
    for entry in entries:
        out.append(entry)
        out.extend(walk(entry.children))
    return out
