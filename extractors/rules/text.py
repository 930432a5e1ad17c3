"""Markdown and Slack mrkdwn clean-up shared by the other modules.

Notes arrive as GitHub markdown, Slack mrkdwn or exports; tasks must come out as
plain words, so formatting is stripped in one place.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)(?=(\w?))")
_ANCHOR_LINK = re.compile(r"\s*\(?\[\w+\]\(#[^)\s]*\)\)?")
"""'([context](#action-item-1))': a link within the page is navigation, not words."""
_REFERENCE_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^>|]+)\|([^>]+)>")
_ANGLE_URL = re.compile(r"<((?:https?|mailto):[^>]+)>")
_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]+))?>")
_EMPHASIS = re.compile(r"(\*\*|__|~~)")
_SINGLE_EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)([^*_]+?)(?<=\S)[*_](?![\w*])")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9][a-z0-9_'’.-]*[a-z0-9]|[a-z0-9]", re.IGNORECASE)

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "and",
        "or",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "be",
        "it",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "us",
        "i",
        "you",
        "he",
        "she",
        "they",
        "them",
        "their",
        "his",
        "her",
        "its",
        "will",
        "would",
        "should",
        "can",
        "could",
        "into",
        "about",
        "up",
        "out",
        "so",
        "if",
        "then",
        "than",
    ]
)


def replace_mentions(text: str) -> tuple[str, dict[str, str]]:
    """Turn Slack `<@U123|name>` mentions into `@name`, remembering the user id.

    The id is what lets an owner resolve to a known person even when only the
    display name was written.
    """
    keys: dict[str, str] = {}

    def sub(match: re.Match[str]) -> str:
        user_id, label = match.group(1), match.group(2)
        written = (label or user_id).strip().lstrip("@")
        keys[written.lower()] = user_id
        return "@" + written

    return _MENTION.sub(sub, text), keys


def _link_text(match: re.Match[str]) -> str:
    label = match.group(1).strip()
    target = match.group(2)
    if not label:
        label = target.removeprefix("mailto:")
    return label + (" " if match.group(3) else "")


_MARKUP = re.compile(r"[*_~\[\]<>`(]|https?:|mailto:")


@lru_cache(maxsize=65536)
def strip_markdown(text: str) -> str:
    """Plain words from markdown/mrkdwn: links keep their label, emphasis goes. Each unit
    is read by several cues, so the answer is remembered."""
    if not _MARKUP.search(text):
        return _SPACES.sub(" ", text).strip()
    text = _SLACK_LINK.sub(lambda m: m.group(2), text)
    text = _ANGLE_URL.sub(lambda m: m.group(1).removeprefix("mailto:"), text)
    text = _ANCHOR_LINK.sub("", text)
    text = _REFERENCE_LINK.sub(r"\1", text)
    text = _LINK.sub(_link_text, text)
    text = _HTML_TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = _SINGLE_EMPHASIS.sub(r"\1", text)
    text = text.replace("`", "")
    return _SPACES.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, used for similarity between task texts."""
    return [t.lower() for t in _WORD.findall(text)]


@lru_cache(maxsize=65536)
def content_tokens(text: str) -> frozenset[str]:
    """Tokens that carry meaning; stopwords would make unrelated tasks look alike."""
    return frozenset(t for t in tokens(text) if t not in STOPWORDS)


def similarity(a: str, b: str) -> float:
    """Dice coefficient over content tokens: robust to reordering and small edits."""
    ta, tb = content_tokens(a), content_tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def is_only_link(text: str) -> bool:
    """'[Add IntoFuture trait #65244](https://…)': a reference to an issue or PR."""
    stripped = text.strip().rstrip(".")
    match = _LINK.fullmatch(stripped) or _SLACK_LINK.fullmatch(stripped)
    return match is not None


def unreference(text: str) -> str:
    """'[@leebyron][]: …' written with reference links, as '@leebyron: …'."""
    return _REFERENCE_LINK.sub(r"\1", text)


_NOT_WORD = re.compile(r"[^\w'-]")


def first_word(text: str) -> str:
    """The first word, lower-cased, without punctuation: what cues test for a verb."""
    words = text.split()
    return _NOT_WORD.sub("", words[0]).lower() if words else ""
