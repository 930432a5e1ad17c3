"""The weekly digest as Block Kit (from Jinja2 templates) with a plain-text fallback.

The blocks template writes one block per line as JSON, with every string passed through
`tojson`, so text from notes can never break the JSON or inject blocks. Lists are cut
to LIMIT lines and each section to Slack's 3000 characters.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.scheduling.mrkdwn import clip, escape_mrkdwn
from bot.sending import Message
from coordination.digest.model import Digest

LIMIT = 10
FALLBACK_MAX = 3000
VERDICT_ICONS = {
    "on track": ":large_green_circle:",
    "at risk": ":large_yellow_circle:",
    "off track": ":red_circle:",
}


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bot", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["mrkdwn"] = escape_mrkdwn
    env.filters["clip"] = clip
    return env


def digest_blocks(digest: Digest, page_url: str | None = None) -> list[dict[str, Any]]:
    template = _environment().get_template("digest_blocks.jsonl.j2")
    rendered = template.render(d=digest, limit=LIMIT, verdict_icon=VERDICT_ICONS, page_url=page_url)
    return [json.loads(line) for line in rendered.splitlines() if line.strip()]


def digest_text(digest: Digest, page_url: str | None = None) -> str:
    """Every line, unabridged: what `followthrough digest` prints."""
    template = _environment().get_template("digest.txt.j2")
    return template.render(d=digest, page_url=page_url).strip() + "\n"


def digest_message(digest: Digest, channel: str, *, page_url: str | None = None) -> Message:
    """`page_url`: the program's dashboard page, linked under the digest when known."""
    return Message(
        channel=channel,
        text=clip(digest_text(digest, page_url), FALLBACK_MAX),
        blocks=digest_blocks(digest, page_url),
    )
