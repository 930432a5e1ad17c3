"""Slack's limits on what it accepts, kept in one place, and the layout that keeps to them.

Slack refuses a whole message for one block over a limit (`invalid_blocks`,
`msg_blocks_too_long`), and slack_sdk's senders do not check. Every view builds its
blocks through `Layout`, which adds blocks while they fit the surface (50 blocks and
about 13k characters for a message, 100 blocks for App Home or a modal), packs long
lists of lines into sections of at most 3,000 characters, and ends a list that did not
fit with a visible "…and N more" line. `finish` is the last guard every layout passes:
each text clipped to its field's limit, block ids unique, each block checked with
slack_sdk's Block Kit models (`validate_json`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from bot.views.mrkdwn import clip

log = logging.getLogger(__name__)

BlockDict = dict[str, Any]
More = Callable[[int], str]

SECTION_TEXT = 3000
FIELD_TEXT = 2000
CONTEXT_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
OPTION_TEXT = 75
OPTION_VALUE = 150
ACTION_VALUE = 2000
PLACEHOLDER_TEXT = 150
INPUT_VALUE = 3000
FALLBACK_TEXT = 3000
"""A message's `text` is its notification and its fallback; Slack cuts it far later,
but nobody reads 3,000 characters in a notification."""


@dataclass(frozen=True)
class Surface:
    name: str
    max_blocks: int
    max_chars: int | None
    """Size of the blocks as JSON; Slack answers msg_blocks_too_long at about 13,200."""


MESSAGE = Surface("message", 50, 12_000)
VIEW = Surface("view", 100, None)

MORE_RESERVE_CHARS = 300


def size_of(block: BlockDict) -> int:
    return len(json.dumps(block, separators=(",", ":"), ensure_ascii=False)) + 1


def mrkdwn(text: str) -> BlockDict:
    return {"type": "mrkdwn", "text": text}


def plain(text: str, limit: int) -> BlockDict:
    return {"type": "plain_text", "text": clip(text, limit) or " "}


def section(text: str, *, block_id: str | None = None) -> BlockDict:
    block: BlockDict = {"type": "section", "text": mrkdwn(clip(text, SECTION_TEXT))}
    if block_id:
        block["block_id"] = block_id
    return block


def context(text: str) -> BlockDict:
    return {"type": "context", "elements": [mrkdwn(clip(text, CONTEXT_TEXT))]}


def header(text: str) -> BlockDict:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def divider() -> BlockDict:
    return {"type": "divider"}


def _joined(heading: str, lines: Sequence[str]) -> str:
    return "\n".join([heading, *lines] if heading else lines)


class Layout:
    """Blocks in order, while they fit one surface; what does not fit is counted."""

    def __init__(self, surface: Surface = MESSAGE) -> None:
        self.surface = surface
        self.blocks: list[BlockDict] = []
        self._chars = 2
        self._ids: set[str] = set()

    def _fits(self, blocks: Sequence[BlockDict], reserve: int) -> bool:
        if len(self.blocks) + len(blocks) + reserve > self.surface.max_blocks:
            return False
        if self.surface.max_chars is None:
            return True
        chars = self._chars + sum(size_of(b) for b in blocks)
        return chars + reserve * MORE_RESERVE_CHARS <= self.surface.max_chars

    def _fresh(self, blocks: Sequence[BlockDict]) -> bool:
        ids = [b["block_id"] for b in blocks if b.get("block_id")]
        return len(set(ids)) == len(ids) and not self._ids.intersection(ids)

    def add(self, *blocks: BlockDict, reserve: int = 1) -> bool:
        """Adds all of `blocks` or none; `reserve` keeps room for a later "more" line."""
        if not self._fresh(blocks) or not self._fits(blocks, reserve):
            return False
        for block in blocks:
            self.blocks.append(block)
            self._chars += size_of(block)
            if block.get("block_id"):
                self._ids.add(block["block_id"])
        return True

    def units(self, units: Iterable[Sequence[BlockDict]], *, more: More, limit: int = 0) -> int:
        """Each unit (an item: its section and its buttons) whole or not at all; a unit
        whose block ids are already here is the same thing twice and is skipped.
        Returns how many were shown; the rest are told as `more(hidden)`."""
        shown = hidden = 0
        for unit in units:
            if not self._fresh(unit):
                continue
            if hidden or (limit and shown >= limit) or not self.add(*unit):
                hidden += 1
            else:
                shown += 1
        if hidden:
            self.add(context(more(hidden)), reserve=0)
        return shown

    def lines(self, lines: Sequence[str], *, more: More, heading: str = "", limit: int = 0) -> int:
        """Lines packed into as few sections as fit, `heading` atop the first; at most
        `limit` lines when given. Returns how many were shown; the rest are told as
        `more(hidden)`."""
        shown, chunk = 0, []
        for line in lines[:limit] if limit else lines:
            line = clip(line, SECTION_TEXT - len(heading) - 1)
            if len(_joined(heading if not shown else "", [*chunk, line])) <= SECTION_TEXT:
                chunk.append(line)
                continue
            added = self._add_lines(heading if not shown else "", chunk)
            shown += added
            chunk = [line] if added == len(chunk) else []
            if not chunk:
                break
        if chunk:
            shown += self._add_lines(heading if not shown else "", chunk)
        if hidden := len(lines) - shown:
            self.add(context(more(hidden)), reserve=0)
        return shown

    def _add_lines(self, heading: str, chunk: list[str]) -> int:
        """The longest head of `chunk` that still fits, as one section; lines added."""
        for count in range(len(chunk), 0, -1):
            if self.add(section(_joined(heading, chunk[:count]))):
                return count
        return 0

    def build(self) -> list[BlockDict]:
        return finish(self.blocks, self.surface)


def _clip_text(obj: BlockDict | None, limit: int) -> None:
    if obj and isinstance(obj.get("text"), str):
        obj["text"] = clip(obj["text"], limit) or " "


def _clip_element(element: BlockDict) -> None:
    kind = element.get("type")
    if kind == "button":
        _clip_text(element.get("text"), BUTTON_TEXT)
        if "value" in element:
            element["value"] = str(element["value"])[:ACTION_VALUE]
    elif kind in ("mrkdwn", "plain_text"):
        _clip_text(element, CONTEXT_TEXT)
    elif kind == "plain_text_input" and element.get("initial_value"):
        element["initial_value"] = element["initial_value"][:INPUT_VALUE]
    for option in element.get("options", []):
        _clip_text(option.get("text"), OPTION_TEXT)
        option["value"] = str(option.get("value", ""))[:OPTION_VALUE]
    _clip_text(element.get("placeholder"), PLACEHOLDER_TEXT)


def _clipped(block: BlockDict) -> BlockDict:
    block = json.loads(json.dumps(block))
    if block.get("type") == "header":
        _clip_text(block.get("text"), HEADER_TEXT)
    elif block.get("type") == "section":
        _clip_text(block.get("text"), SECTION_TEXT)
        for field in block.get("fields", []):
            _clip_text(field, FIELD_TEXT)
    if block.get("accessory"):
        _clip_element(block["accessory"])
    if block.get("element"):
        _clip_element(block["element"])
    for element in block.get("elements", []):
        _clip_element(element)
    return block


def valid(block: BlockDict) -> bool:
    """What slack_sdk's Block Kit models say about one block: `to_dict` runs
    `validate_json` on the block and on every element and text object inside it."""
    try:
        parsed = Block.parse(block)
        if parsed is None:
            return False
        parsed.to_dict()
    except (SlackObjectFormationError, TypeError, ValueError, KeyError):
        return False
    return True


def finish(blocks: Iterable[BlockDict], surface: Surface) -> list[BlockDict]:
    """The last guard before Slack: clipped, unique ids, valid, within count and size.
    A block that is still invalid is dropped (and logged) rather than sinking the message."""
    result: list[BlockDict] = []
    seen: set[str] = set()
    chars = 2
    for block in blocks:
        block = _clipped(block)
        block_id = block.get("block_id")
        if block_id and block_id in seen:
            continue
        if not valid(block):
            log.warning("invalid block left out", extra={"block_type": block.get("type")})
            continue
        chars += size_of(block)
        if len(result) >= surface.max_blocks or (
            surface.max_chars is not None and chars > surface.max_chars
        ):
            break
        if block_id:
            seen.add(block_id)
        result.append(block)
    return result


def fallback_text(text: str) -> str:
    return clip(text, FALLBACK_TEXT) or "…"
