"""Slack mrkdwn for text that came from people: shown as typed, never as markup.

Every view that echoes note text (tasks, owner names as written, project names, risk
titles, warnings) passes it through `escape`, so `<!channel>`, `<!here>`,
`<!subteam^…>` or a `<http://evil|link>` written in notes arrive as visible text and
ping nobody. The only live markup in our messages is what these helpers write
themselves: owner mentions from stored Slack ids and date tokens.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

SLACK_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
DATE_FORMAT = "{date_short_pretty}"
NOON = time(12)


def escape(text: object) -> str:
    """Slack's own rule: &, < and > are the only characters to escape."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(slack_user_id: str | None) -> str | None:
    """A ping for a stored Slack user id; None for anything that is not one."""
    if slack_user_id and SLACK_USER_ID.match(slack_user_id):
        return f"<@{slack_user_id}>"
    return None


def person(name: str | None, slack_user_id: str | None, *, nobody: str = "_no owner_") -> str:
    """The person as a mention when Slack knows them, else their name as written."""
    return mention(slack_user_id) or (escape(name) if name else nobody)


def day(value: date) -> str:
    """A date each reader sees in their own locale ("Tomorrow", "Dec 4, 2026"), with the
    ISO date as the fallback. A due date is a calendar day, not an instant: noon UTC
    shows as that same day from UTC-11 to UTC+11."""
    epoch = int(datetime.combine(value, NOON, tzinfo=UTC).timestamp())
    return f"<!date^{epoch}^{DATE_FORMAT}|{value.isoformat()}>"


def clip(text: str, limit: int) -> str:
    """Cut to `limit` characters with an ellipsis, never inside an escape or a token."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    opened, entity = cut.rfind("<"), cut.rfind("&")
    if opened > cut.rfind(">"):
        cut = cut[:opened]
    if entity > cut.rfind(";"):
        cut = cut[:entity]
    return cut.rstrip() + "…"
