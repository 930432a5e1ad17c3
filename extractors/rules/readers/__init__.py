"""One reader per notes format, each producing the same `Document` of units.

A new format is one new module here with its own fixtures; `read` picks the reader by
what the text looks like (or takes the conversation as given).
"""

from __future__ import annotations

from extractors.models import ExtractionRequest
from extractors.rules.document import Document
from extractors.rules.readers.casual import (
    capitalise_owners,
    is_casual,
    is_shouting,
    lower_statements,
)
from extractors.rules.readers.chat_log import is_chat_log, read_chat_log
from extractors.rules.readers.chrome import without_chrome
from extractors.rules.readers.conversation import read_conversation
from extractors.rules.readers.lines import split_lines
from extractors.rules.readers.markdown import read_markdown
from extractors.rules.readers.signoff import author_of
from extractors.rules.readers.transcript import (
    is_caption_file,
    is_timed_export,
    read_captions,
    read_timed_export,
)
from extractors.slack_messages import parse_export


def read(request: ExtractionRequest, mention_keys: dict[str, str]) -> Document:
    """The request's conversation, or its text read by the reader its format calls for."""
    document = _read(request, mention_keys)
    document.mentions = mention_keys
    return document


def _read(request: ExtractionRequest, mention_keys: dict[str, str]) -> Document:
    if request.utterances is not None:
        return read_conversation(request.utterances, request.people, mention_keys)
    text = request.text
    exported = parse_export(text)
    if exported is not None:
        return read_conversation(exported, request.people, mention_keys)
    if is_caption_file(text):
        return read_captions(text)
    lines = without_chrome(split_lines(text))
    text = "\n".join(lines)
    if is_chat_log(lines):
        return read_chat_log(text)
    if is_timed_export(lines):
        return read_timed_export(text)
    return _read_written(lines)


def _read_written(lines: list[str]) -> Document:
    """Notes as written, normalised first where their register would hide the cues:
    capitals lowered, then names in lower case given their capital."""
    shouting = is_shouting(lines)
    if shouting:
        lines = [lower_statements(line) for line in lines]
    casual = shouting or is_casual(lines)
    if casual:
        lines = [capitalise_owners(line) for line in lines]
    document = read_markdown("\n".join(lines), casual=casual)
    if _is_dialogue(document):
        document.format = "transcript"
    else:
        document.author = author_of(lines)
    return document


def _is_dialogue(document: Document) -> bool:
    """Mostly 'Name: text' paragraphs by several people: a transcript, not minutes."""
    units = document.walk()
    spoken = [u for u in units if u.speaker is not None and u.kind == "paragraph"]
    speakers = {u.speaker.name for u in spoken if u.speaker}
    return len(units) >= 4 and len(speakers) >= 2 and len(spoken) * 10 >= len(units) * 6
