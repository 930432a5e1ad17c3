"""Text helpers for Slack's mrkdwn, shared by the reminder and digest views."""

from __future__ import annotations

SECTION_MAX = 3000


def escape_mrkdwn(text: object) -> str:
    """Slack reads &, < and > as markup; text from notes must show as typed."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int = SECTION_MAX) -> str:
    """Slack rejects a section over 3000 characters; better a cut line than no digest."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
