"""Turning uploaded or pasted bytes into notes text, or a clear refusal.

One reader for the CLI (`ingest`, `extract`, standard input) and for files shared in
Slack. A byte-order mark decides the encoding (UTF-8, UTF-16 and UTF-32, either byte
order); without one, UTF-8 is tried and charset-normalizer guesses the rest (Windows
and ISO code pages from older tools). A NUL anywhere is refused: no notes carry one,
PostgreSQL cannot store one in text, and without a BOM it means a binary file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from coordination.errors import UserError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
"""UTF-32 LE first: its mark starts with UTF-16 LE's."""
SEND_TEXT = "send text notes (txt, md, vtt, srt)"
MAX_NOTES_LINES = 25_000
"""An eight-hour transcript is under 20,000 lines; past this the extractor, which costs
a fraction of a millisecond a line, would hold a worker for minutes."""


def _refuse_size(size: int, label: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise UserError(
            f"{label} is {size / 1_000_000:.1f} MB; notes are limited to "
            f"{max_bytes / 1_000_000:.1f} MB. Split it into meetings and ingest each."
        )


def _decode_marked(data: bytes, label: str) -> str | None:
    """Text by its byte-order mark, or None when there is no mark."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise UserError(
                    f"{label} starts with a {encoding.upper()} byte-order mark but byte "
                    f"{error.start + len(bom)} is not {encoding.upper()}; save it again as UTF-8."
                ) from error
    return None


def _decode_unmarked(data: bytes, label: str) -> str:
    if b"\x00" in data:
        raise UserError(f"{label} looks like a binary file (it holds NUL bytes); {SEND_TEXT}.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    from charset_normalizer import from_bytes  # only for text that is not UTF-8

    guess = from_bytes(data).best()
    if guess is None:
        raise UserError(
            f"{label} is not text in any encoding I know (byte {first_bad} is not UTF-8); "
            "save it as UTF-8."
        )
    return str(guess)


def refuse_unreadable(text: str, label: str) -> None:
    """What no extraction should start on, pasted or decoded: a NUL, or more lines than
    any meeting has."""
    refuse_nul(text, label)
    lines = text.count("\n") + 1
    if lines > MAX_NOTES_LINES:
        raise UserError(
            f"{label} has {lines:,} lines; notes are limited to {MAX_NOTES_LINES:,}. Nothing "
            "was stored; split them into meetings and ingest each."
        )


def refuse_nul(text: str, label: str) -> None:
    """For decoded files and for text pasted in Slack alike (JSON can carry \u0000)."""
    if (nul := text.find("\x00")) >= 0:
        line = text.count("\n", 0, nul) + 1
        raise UserError(
            f"{label} holds a NUL character on line {line}; notes are plain text, so this "
            f"looks like a binary file. Nothing was stored; {SEND_TEXT}."
        )


def decode_notes(data: bytes, *, label: str, max_bytes: int) -> str:
    """Refuses what cannot be meeting notes before any work is done on it."""
    _refuse_size(len(data), label, max_bytes)
    text = _decode_marked(data, label)
    if text is None:
        text = _decode_unmarked(data, label)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    refuse_unreadable(text, label)
    if not text.strip():
        raise UserError(f"{label} is empty; there is nothing to extract.")
    return text


def read_notes_file(path: str, *, max_bytes: int, stdin: bytes | None = None) -> str:
    """Reads a file (or stdin for '-') as notes; every failure is a UserError."""
    if path == "-":
        return decode_notes(stdin or b"", label="standard input", max_bytes=max_bytes)
    file = Path(path)
    if not file.exists():
        raise UserError(f"{path}: no such file.")
    if file.is_dir():
        raise UserError(f"{path} is a directory; give a notes file.")
    _refuse_size(file.stat().st_size, path, max_bytes)  # before reading it all
    return decode_notes(file.read_bytes(), label=path, max_bytes=max_bytes)
