"""Turning uploaded or pasted bytes into notes text, or a clear refusal."""

from __future__ import annotations

from pathlib import Path

from coordination.errors import UserError


def decode_notes(data: bytes, *, label: str, max_bytes: int) -> str:
    """Refuses what cannot be meeting notes before any work is done on it."""
    if len(data) > max_bytes:
        raise UserError(
            f"{label} is {len(data) / 1_000_000:.1f} MB; notes are limited to "
            f"{max_bytes / 1_000_000:.1f} MB. Split it into meetings and ingest each."
        )
    if b"\x00" in data[:8192]:
        raise UserError(f"{label} looks like a binary file; send text notes (txt, md, vtt, srt).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            f"{label} is not UTF-8 text (byte {error.start} is invalid); save it as UTF-8."
        ) from error
    if not text.strip():
        raise UserError(f"{label} is empty; there is nothing to extract.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_notes_file(path: str, *, max_bytes: int, stdin: bytes | None = None) -> str:
    """Reads a file (or stdin for '-') as notes; every failure is a UserError."""
    if path == "-":
        return decode_notes(stdin or b"", label="standard input", max_bytes=max_bytes)
    file = Path(path)
    if not file.exists():
        raise UserError(f"{path}: no such file.")
    if file.is_dir():
        raise UserError(f"{path} is a directory; give a notes file.")
    return decode_notes(file.read_bytes(), label=path, max_bytes=max_bytes)
