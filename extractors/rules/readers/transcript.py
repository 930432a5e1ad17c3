"""Caption and meeting-export transcripts read as utterances: WebVTT (with `<v Name>`
voice tags), SRT, and exports that print the speaker with a time above what they said
('Ana Lima  0:05', 'Ana Lima (00:01:02)', '[10:02 AM] Lima, Ana')."""

from __future__ import annotations

import re

from extractors.models import Speaker
from extractors.rules.document import Document, Unit
from extractors.rules.readers.lines import split_lines
from extractors.rules.readers.speakers import split_speaker

TIMING = re.compile(r"^\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?\s*-->\s*")
_CUE_NUMBER = re.compile(r"^\s*\d+\s*$")
_VTT_BLOCK = re.compile(r"^\s*(?:WEBVTT|NOTE\b|STYLE\b|REGION\b|Kind:|Language:)")
_VOICE = re.compile(r"<v(?:\.[\w.]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-z][^>]*>|</v>", re.I)
_NAME_TIME = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,3}|[a-z][\w.-]{1,20})\s*(?:\s{2,}|\s*\(|\s+)"
    r"\[?(?P<time>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*[AP]M)?)\)?\]?\s*$",
    re.I,
)


_TIME_NAME = re.compile(
    r"^\[?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*[AP]M)?\]?\s+(?![AP]M\s*$)"
    r"(?P<name>[A-Z][\w'’.-]*(?:,?\s+[A-Z][\w'’.-]*){0,3})\s*$",
    re.I,
)
"""'[10:02 AM] Ortiz, Dana' above what they said, as chat and meeting apps export."""


def _header_name(line: str) -> str | None:
    """The speaker a header line names ('Ortiz, Dana' read as 'Dana Ortiz'), or None."""
    match = _NAME_TIME.match(line) or _TIME_NAME.match(line)
    if match is None:
        return None
    name = match.group("name").strip()
    last, comma, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if comma and first.strip() else name


def is_caption_file(text: str) -> bool:
    head = text.lstrip("\ufeff")[:2000]
    return head.startswith("WEBVTT") or any(TIMING.match(line) for line in head.splitlines())


def is_timed_export(lines: list[str]) -> bool:
    """Most turns open with 'Name  0:05' on its own line."""
    headers = sum(1 for line in lines if _header_name(line.strip()))
    return headers >= 2 and headers * 6 >= len([line for line in lines if line.strip()])


def _caption_text(raw: str) -> tuple[str | None, str]:
    voice = _VOICE.search(raw)
    text = _TAG.sub("", raw).strip()
    if voice:
        return voice.group(1).strip(), text
    return split_speaker(text)


def read_captions(text: str) -> Document:
    """One utterance per cue; a cue without a named speaker keeps the previous one."""
    raws = split_lines(text.lstrip("\ufeff"))
    units: list[Unit] = []
    speaker: str | None = None
    in_header = True
    for index, raw in enumerate(raws):
        number = index + 1
        following = raws[index + 1] if index + 1 < len(raws) else ""
        if in_header and (_VTT_BLOCK.match(raw) or not raw.strip()):
            continue
        in_header = False
        if (
            not raw.strip()
            or TIMING.match(raw)
            or (_CUE_NUMBER.match(raw) and TIMING.match(following))
        ):
            continue
        name, said = _caption_text(raw)
        speaker = name or speaker
        if said:
            units.append(_utterance(speaker, said, number))
    return Document("transcript", units, raws)


def read_timed_export(text: str) -> Document:
    """'Name  0:05' then what they said, until the next such line."""
    raws = split_lines(text)
    units: list[Unit] = []
    speaker: str | None = None
    for index, raw in enumerate(raws):
        header = _header_name(raw.strip())
        if header:
            speaker = header
            continue
        if raw.strip():
            units.append(_utterance(speaker, raw.strip(), index + 1))
    return Document("transcript", units, raws)


def _utterance(name: str | None, text: str, number: int) -> Unit:
    who = Speaker(display_name=name) if name else None
    return Unit("utterance", text, number, number, speaker=who, raw=text)
