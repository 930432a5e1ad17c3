"""One line of a written document, classified: heading, list item, table row, rule, text.

Markdown, plain text and Slack mrkdwn differ in how they mark a heading or a bullet, not
in what those are, so every marking is recognised here and the readers see one shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.rules.document import Check
from extractors.rules.readers.aligned import fold_aligned_tables
from extractors.rules.readers.org import fold_planning, org_entry

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_ORG_HEADING = re.compile(r"^(\*{2,})\s+(.*)$")
"""'** TODO …': org-mode outline levels; bold never has a space after its stars."""
_BULLET = re.compile(
    r"^([-*+•◦▪‣·–]|->|=>|[→➜➔►▸»]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|[ivx]{1,4}[.)])\s+(.*)$"
)
"""'- …', '• …', '1. …', 'a) …', and the arrows quick notes use ('-> …', '→ …')."""
_CHECKBOX = re.compile(
    r"^(?:\[(?P<mark>[ xX✓✔✅~-]?)\]|(?P<glyph>[☐☑☒✅✔️⬜🔲]|:white_check_mark:|"
    r":ballot_box_with_check:|:heavy_check_mark:|:white_large_square:))\s*(?P<rest>.*)$"
)
_OPEN_GLYPHS = frozenset("☐⬜🔲") | {":white_large_square:"}
"""Checkbox glyphs from word processors and Slack; the rest are ticked."""
_RULE = re.compile(r"^\s*(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|(?:=\s*){3,})$")
_QUOTE = re.compile(r"^(?:>|&gt;)\s?")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HTML_ONLY = re.compile(r"^\s*(?:</?[a-zA-Z][^>]*>\s*)+$")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""Only real line breaks: str.splitlines() also splits on U+2029 and form feeds, which
would shift every line number after them away from the editor's."""


@dataclass(frozen=True)
class Line:
    """One input line reduced to its content plus the layout around it."""

    number: int
    raw: str
    text: str
    indent: int = 0
    heading: int = 0
    bullet: bool = False
    check: Check | None = None
    cells: tuple[str, ...] | None = None
    header: bool = False
    rule: bool = False
    blank: bool = False
    underline: int = 0
    """A setext underline ('====' or '----') makes the line above it a heading."""


def split_lines(text: str) -> list[str]:
    return LINE_BREAK.split(text.removesuffix("\n").removesuffix("\r"))


def _table_cells(text: str) -> tuple[str, ...] | None:
    if "|" not in text or _TABLE_SEPARATOR.match(text):
        return None
    if not (text.startswith("|") or text.count(" | ") >= 1):
        return None
    return tuple(cell.strip() for cell in text.strip().strip("|").split("|"))


def _check(box: re.Match[str]) -> Check:
    glyph = box.group("glyph")
    if glyph is not None:
        return "open" if glyph in _OPEN_GLYPHS else "done"
    return "open" if box.group("mark").strip() in ("", "-") else "done"


def classify(number: int, raw: str, following: str = "") -> Line:
    """The layout of one non-blank line outside code blocks."""
    expanded = raw.replace("\t", "    ")
    indent = len(expanded) - len(expanded.lstrip())
    body = _QUOTE.sub("", expanded.strip())
    if _SETEXT.match(body) and len(body) >= 2:
        return Line(number, raw, "", indent, rule=True, underline=1 if body[0] == "=" else 2)
    if _RULE.match(body):
        return Line(number, raw, "", indent, rule=True)
    heading = _HEADING.match(body)
    if heading:
        return Line(number, raw, heading.group(2), indent, heading=len(heading.group(1)))
    org = _ORG_HEADING.match(body)
    if org:
        text, state = org_entry(org.group(2).strip()) or (org.group(2).strip(), None)
        return Line(number, raw, text, indent + 2 * len(org.group(1)), bullet=True, check=state)
    bullet = _BULLET.match(body)
    if bullet:
        body = bullet.group(2)
    box = _CHECKBOX.match(body)
    check: Check | None = None
    if box:
        body, check = box.group("rest"), _check(box)
    elif bullet and (entry := org_entry(body)) is not None:
        body, check = entry
    cells = None if bullet or box else _table_cells(body)
    header = cells is not None and bool(_TABLE_SEPARATOR.match(following.strip()))
    return Line(
        number,
        raw,
        body.strip(),
        indent,
        bullet=bool(bullet) or box is not None,
        check=check,
        cells=cells,
        header=header,
    )


def classify_all(text: str) -> list[Line]:
    """Every line, with code blocks, HTML-only lines and table separators as blanks."""
    raws = split_lines(text)
    out: list[Line] = []
    in_code = False
    for index, raw in enumerate(raws):
        number = index + 1
        if _FENCE.match(raw):
            in_code = not in_code
            out.append(Line(number, raw, "", blank=True))
            continue
        stripped = raw.strip()
        if in_code or not stripped or _HTML_ONLY.match(stripped) or _table_separator(stripped):
            out.append(Line(number, raw, "", blank=True))
            continue
        following = raws[index + 1] if index + 1 < len(raws) else ""
        out.append(classify(number, raw, following))
    return fold_aligned_tables(fold_planning(_without_front_matter(out)))


def _table_separator(text: str) -> bool:
    return "|" in text and bool(_TABLE_SEPARATOR.match(text))


def _without_front_matter(lines: list[Line]) -> list[Line]:
    """YAML front matter ('---' … '---' at the top) is metadata, not notes."""
    if not lines or not lines[0].rule or lines[0].raw.strip() != "---":
        return lines
    for index, line in enumerate(lines[1:], start=1):
        if line.rule and line.raw.strip() == "---":
            blanks = [Line(line.number, line.raw, "", blank=True) for line in lines[: index + 1]]
            return blanks + lines[index + 1 :]
    return lines
