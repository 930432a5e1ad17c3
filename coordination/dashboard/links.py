"""Links into the dashboard from Slack, when `serve` is reachable at a public URL."""

from __future__ import annotations


def program_page_url(public_url: str | None, program_id: int) -> str | None:
    """The program's overview page, or None when no public URL is configured."""
    if not public_url:
        return None
    return f"{public_url.rstrip('/')}/programs/{program_id}/"
