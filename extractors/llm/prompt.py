"""Render the chat messages for one chunk from the templates in the `prompts` package.

Autoescape is off because the output is plain text for a model, not HTML. The notes go
in only as template variables (never as template source), one numbered line each,
between BEGIN/END lines carrying a random boundary the notes cannot know, so they cannot
close the data block early and pose as instructions. Control and invisible format
characters (terminal escapes, bidi overrides, zero-width marks) are written as visible
escapes, so what the model reads is what a person reviewing the notes sees.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence

import jinja2

from extractors.llm.chunking import Chunk
from extractors.llm.conversation import label
from extractors.llm.lines import SourceLine
from extractors.models import ExtractionRequest

SYSTEM_TEMPLATE = "extract_items_system.j2"
USER_TEMPLATE = "extract_items.j2"

_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("prompts", "."),
    autoescape=False,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
)


def render_messages(
    request: ExtractionRequest,
    chunk: Chunk,
    lines: Sequence[SourceLine],
    *,
    conversation: bool,
    index: int,
    count: int,
) -> list[dict[str, str]]:
    """System instructions plus one user message holding chunk `index` of `count`;
    `lines` are the whole source's, numbered as the chunk numbers them."""
    shared = {
        "boundary": new_boundary("\n".join(chunk.lines)),
        "meeting_date": request.meeting_date.isoformat(),
        "timezone": request.timezone,
    }
    system = _templates.get_template(SYSTEM_TEMPLATE).render(shared)
    user = _templates.get_template(USER_TEMPLATE).render(
        shared,
        weekday=request.meeting_date.strftime("%A"),
        source_kind=request.source_kind,
        conversation=conversation,
        people=request.people,
        projects=request.projects,
        chunk_index=index,
        chunk_count=count,
        first_line=chunk.first_line,
        last_line=chunk.last_line,
        rows=rows(request, chunk, lines, conversation=conversation),
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def rows(
    request: ExtractionRequest,
    chunk: Chunk,
    lines: Sequence[SourceLine],
    *,
    conversation: bool,
) -> list[str]:
    """'   3 | text' per line, its text escaped. In a conversation also a '   # day' row
    wherever the day changes, so the model counts 'by Friday' from the message's own
    day, and a '   + accepted' row after a message someone accepted with a reaction."""
    out: list[str] = []
    day = None
    for number, text in chunk.numbered():
        line = lines[number - 1]
        if conversation and line.at is not None:
            written = line.day(request.timezone, request.meeting_date)
            if written != day:
                out.append(f"   # messages from {written:%A} {written.isoformat()}")
                day = written
        out.append(f"{number:4d} | {escaped(text)}")
        last_of_message = number == len(lines) or lines[number].position != line.position
        if line.accepted_by and last_of_message:
            who = ", ".join(escaped(label(p)) for p in line.accepted_by)
            out.append(f"   + accepted with a reaction by {who}")
    return out


def escaped(text: str) -> str:
    """Control and format characters as '\\u001b'-style escapes; tabs as spaces."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") else c
        for c in text.replace("\t", " ")
    )


def new_boundary(text: str) -> str:
    """A random marker that does not occur in the notes."""
    while True:
        boundary = f"DATA-{secrets.token_hex(8)}"
        if boundary not in text:
            return boundary
