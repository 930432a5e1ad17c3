"""Split long transcripts into overlapping, line-numbered chunks and merge the results.

Chunks keep the document's own line numbers so evidence from any chunk points into the
whole text. The overlap lets an item that straddles a boundary be seen whole at least
once; the price is that items in the overlap come back twice, which `dedupe` removes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from extractors.models import ExtractedItem, Owner

SIMILAR_TASK = 0.75
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Chunk:
    first_line: int
    lines: tuple[str, ...]

    @property
    def last_line(self) -> int:
        return self.first_line + len(self.lines) - 1

    def numbered(self) -> list[tuple[int, str]]:
        return list(enumerate(self.lines, start=self.first_line))


def split_lines(lines: Sequence[str], chunk_lines: int, overlap: int) -> list[Chunk]:
    """Chunks of at most `chunk_lines` lines, each sharing `overlap` lines with the last."""
    check_chunking(chunk_lines, overlap)
    step = chunk_lines - overlap
    chunks = []
    for start in range(0, max(len(lines), 1), step):
        chunks.append(Chunk(start + 1, tuple(lines[start : start + chunk_lines])))
        if start + chunk_lines >= len(lines):
            break
    return chunks


def check_chunking(chunk_lines: int, overlap: int) -> None:
    """Fail at construction rather than loop forever on a zero step."""
    if chunk_lines < 1 or not 0 <= overlap < chunk_lines:
        raise ValueError("need chunk_lines >= 1 and 0 <= overlap < chunk_lines")


def dedupe(items: list[ExtractedItem]) -> list[ExtractedItem]:
    """Drop repeats of the same item seen by two chunks, keeping the richer copy."""
    kept: list[ExtractedItem] = []
    for item in items:
        twin = next((i for i, k in enumerate(kept) if same_item(k, item)), None)
        if twin is None:
            kept.append(item)
        else:
            kept[twin] = merge(kept[twin], item)
    return sorted(kept, key=lambda item: item.evidence)


def same_item(a: ExtractedItem, b: ExtractedItem) -> bool:
    """Same task wording about the same lines: evidence must overlap, wording must match."""
    if a.evidence[0] > b.evidence[1] or b.evidence[0] > a.evidence[1]:
        return False
    return task_similarity(a.task, b.task) >= SIMILAR_TASK


def task_similarity(a: str, b: str) -> float:
    words_a, words_b = _WORD.findall(a.lower()), _WORD.findall(b.lower())
    return SequenceMatcher(None, words_a, words_b).ratio()


def merge(a: ExtractedItem, b: ExtractedItem) -> ExtractedItem:
    """Keep the more confident copy, filling in what only the other one found."""
    best, other = (a, b) if a.confidence >= b.confidence else (b, a)
    update: dict[str, object] = {"owners": _union_owners(best.owners, other.owners)}
    if best.due is None and other.due is not None:
        update |= {"due": other.due, "due_phrase": other.due_phrase}
    if best.project is None:
        update["project"] = other.project
    if not best.dependencies:
        update["dependencies"] = other.dependencies
    return replace(best, **update)


def _union_owners(first: list[Owner], second: list[Owner]) -> list[Owner]:
    seen = {_owner_key(o) for o in first}
    return first + [o for o in second if _owner_key(o) not in seen]


def _owner_key(owner: Owner) -> str:
    return owner.person_key or owner.name.strip().lower()
