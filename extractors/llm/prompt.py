"""Render the chat messages for one chunk from the templates in the `prompts` package.

Autoescape is off because the output is plain text for a model, not HTML. The notes go
in only as template variables (never as template source), numbered, between BEGIN/END
lines carrying a random boundary the notes cannot know, so they cannot close the data
block early and pose as instructions.
"""

from __future__ import annotations

import secrets

import jinja2

from extractors.llm.chunking import Chunk
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
    request: ExtractionRequest, chunk: Chunk, *, index: int, count: int
) -> list[dict[str, str]]:
    """System instructions plus one user message holding chunk `index` of `count`."""
    shared = {
        "boundary": new_boundary(request.text),
        "meeting_date": request.meeting_date.isoformat(),
        "timezone": request.timezone,
    }
    system = _templates.get_template(SYSTEM_TEMPLATE).render(shared)
    user = _templates.get_template(USER_TEMPLATE).render(
        shared,
        weekday=request.meeting_date.strftime("%A"),
        source_kind=request.source_kind,
        people=request.people,
        projects=request.projects,
        chunk_index=index,
        chunk_count=count,
        first_line=chunk.first_line,
        last_line=chunk.last_line,
        numbered_lines=chunk.numbered(),
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def new_boundary(text: str) -> str:
    """A random marker that does not occur in the notes."""
    while True:
        boundary = f"DATA-{secrets.token_hex(8)}"
        if boundary not in text:
            return boundary
