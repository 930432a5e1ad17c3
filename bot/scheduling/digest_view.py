"""The weekly digest as Block Kit (from Jinja2 templates) with a short text fallback.

The blocks template writes one block per line as JSON, with every string passed through
`tojson`, so text from notes can never break the JSON or inject blocks; text from notes
goes through the `mrkdwn` filter (escaped: pings nobody), owners are mentions, dates are
`<!date>` tokens each reader sees in their own locale, project health is listed most at
risk first. Each list shows up to LIMITS[0] lines (no more than the digest reads,
DIGEST_LINES) and counts the rest from the list's total; a program big enough to push
the message past Slack's size is rendered again with fewer lines per list.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.sending import Message
from bot.views.blockkit import MESSAGE, SECTION_TEXT, finish, size_of
from bot.views.mrkdwn import clip, day, escape, person
from bot.views.program import SEVERITY
from coordination.digest.model import Digest

LIMITS = (10, 6, 3, 1)
VERDICT_ICONS = {
    "on track": ":large_green_circle:",
    "at risk": ":large_yellow_circle:",
    "off track": ":red_circle:",
}


def _link(label: str, url: str | None) -> str:
    """A link back to the source, only for a plain https URL (Slack's own permalinks)."""
    text = escape(label)
    if url and url.startswith("https://") and not any(c in url for c in '<>|" \n'):
        return f"<{url}|{text}>"
    return text


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bot", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["mrkdwn"] = escape
    env.filters["clip"] = lambda text: clip(text, SECTION_TEXT)
    env.filters["day"] = day
    env.filters["person"] = lambda name, slack_id: person(name, slack_id, nobody="no owner")
    env.filters["link"] = _link
    return env


def _render(digest: Digest, limit: int, page_url: str | None) -> list[dict[str, Any]]:
    template = _environment().get_template("digest_blocks.jsonl.j2")
    health = sorted(digest.health, key=lambda h: SEVERITY.get(h.verdict, 0))
    rendered = template.render(
        d=digest, health=health, limit=limit, verdict_icon=VERDICT_ICONS, page_url=page_url
    )
    return [json.loads(line) for line in rendered.splitlines() if line.strip()]


def digest_blocks(digest: Digest, page_url: str | None = None) -> list[dict[str, Any]]:
    """`page_url`: the program's dashboard page, linked under the digest when known."""
    for limit in LIMITS:
        blocks = _render(digest, limit, page_url)
        if sum(size_of(b) for b in blocks) + 2 <= (MESSAGE.max_chars or 0):
            break
    return finish(blocks, MESSAGE)


def digest_text(digest: Digest, page_url: str | None = None, *, limit: int | None = None) -> str:
    """What `followthrough digest` prints: `limit` lines per list, each cut list ending
    "…and N more"; None prints every line."""
    template = _environment().get_template("digest.txt.j2")
    return template.render(d=digest, page_url=page_url, limit=limit).strip() + "\n"


def digest_message(digest: Digest, channel: str, *, page_url: str | None = None) -> Message:
    """The notification names the program and its counts; the detail is in the blocks."""
    summary = (
        f"{escape(digest.program)} · weekly digest {digest.week}: "
        f"{digest.open_items} open, {digest.overdue_items} overdue"
    )
    return Message(channel=channel, text=summary, blocks=digest_blocks(digest, page_url))
