"""What a chat app prints around messages when a channel is copied from it: '3 replies',
'View thread', reaction counts (':+1: 2', '👀 1'), '(edited)'. None of it was said; it
is blanked before reading, line numbers kept, so it neither joins a message nor reads
as one.
"""

from __future__ import annotations

import re

_CHROME = re.compile(
    r"^\s*(?:\d+\s+repl(?:y|ies)(?:\b.*)?|view thread|show more|see more|also sent to the channel|"
    r"new messages?|last reply\b.*|(?:(?::[\w+'-]+:|[^\w\s\d]{1,3})\s*\d+\s*)+)\s*$",
    re.I,
)
_EDITED = re.compile(r"\s*\(edited\)\s*$", re.I)


_NAME_ALONE = re.compile(r"^\s*[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*$")
_TIME_ALONE = re.compile(r"^\s*\[?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?\]?\s*$")


def without_chrome(lines: list[str]) -> list[str]:
    """The lines with the app's chrome blanked, and a sender's name and the time printed
    under it ('Ines Moreau', '10:42 AM') joined into one header as older copies print it."""
    out = ["" if _CHROME.match(line) else _EDITED.sub("", line) for line in lines]
    for index in range(len(out) - 1):
        if _NAME_ALONE.match(out[index]) and _TIME_ALONE.match(out[index + 1]):
            out[index] = f"{out[index].strip()}  {out[index + 1].strip()}"
            out[index + 1] = ""
    return out
