"""Mentions and the shortcut: read the whole thread (or the pasted notes) and extract."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import BotDeps
from bot.people import person_for_user
from bot.replies import reply_once, respond_once
from bot.sending import Message
from bot.work.ingesting import ingest_and_reply
from coordination.errors import UserError
from coordination.ingest import SourceMeta
from storage.db import session_scope
from storage.models import Job
from storage.people import people_by_slack_id

UNREADABLE_CHANNEL = frozenset({"channel_not_found", "not_in_channel", "missing_scope"})
USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
PAGE = 200


def fetch_thread(client: WebClient, channel: str, thread_ts: str) -> list[dict]:
    """Every message of the thread, following the cursor page by page."""
    messages: list[dict] = []
    cursor = None
    while True:
        page = client.conversations_replies(
            channel=channel, ts=thread_ts, limit=PAGE, cursor=cursor
        )
        messages.extend(page.get("messages", []))
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return messages


def _name(deps: BotDeps, client: WebClient, team_id: str, user_id: str) -> str:
    try:
        person = person_for_user(
            deps.engine, client, team_id=team_id, user_id=user_id, now=deps.clock()
        )
    except UserError:
        return f"@{user_id}"
    return person.display_name


def _user_ids(messages: list[dict]) -> set[str]:
    found = {m["user"] for m in messages if m.get("user")}
    for message in messages:
        found.update(USER_MENTION.findall(message.get("text", "")))
    return found


def readable_text(deps: BotDeps, client: WebClient, team_id: str, messages: list[dict]) -> str:
    """Slack markup to the plain names the extractor can match against people.

    People already known are read in one query; only strangers cost a users.info call.
    """
    with session_scope(deps.engine) as session:
        known = people_by_slack_id(session, team_id=team_id, slack_user_ids=_user_ids(messages))
    names = {user_id: person.display_name for user_id, person in known.items()}

    def name(user_id: str) -> str:
        if user_id not in names:
            names[user_id] = _name(deps, client, team_id, user_id)
        return names[user_id]

    lines = []
    for message in messages:
        text = USER_MENTION.sub(lambda m: name(m.group(1)), message.get("text", ""))
        author = name(message["user"]) if message.get("user") else "someone"
        lines.append(f"{author}: {text}")
    return "\n".join(lines)


def _moment_of(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)


def cannot_read(deps: BotDeps, job: Job, channel: str) -> None:
    """The bot cannot post where it cannot read, so answer privately instead."""
    text = (
        f":no_entry: I can't read <#{channel}>. Invite me with `/invite @Followthrough` "
        "and try again."
    )
    if job.payload.get("response_url"):
        respond_once(deps, job, job.payload["response_url"], text=text)
    elif job.payload.get("user"):
        reply_once(deps, job, Message(job.payload["user"], text))


def run_thread(deps: BotDeps, job: Job) -> None:
    payload = job.payload
    channel, thread_ts = payload["channel"], payload["thread_ts"]
    client = deps.client_for(job.team_id)
    try:
        messages = fetch_thread(client, channel, thread_ts)
    except SlackApiError as error:
        if error.response.get("error") in UNREADABLE_CHANNEL:
            cannot_read(deps, job, channel)
            return
        raise
    ingest_and_reply(
        deps,
        job,
        text=readable_text(deps, client, job.team_id, messages),
        meta=SourceMeta(
            kind="thread", title="Slack thread", channel_id=channel, thread_ts=thread_ts
        ),
        channel=channel,
        thread_ts=thread_ts,
        occurred_at=_moment_of(thread_ts),
    )


def run_notes(deps: BotDeps, job: Job) -> None:
    payload = job.payload
    client = deps.client_for(job.team_id)
    text = readable_text(deps, client, job.team_id, [{"text": payload["text"]}])
    ingest_and_reply(
        deps,
        job,
        text=text.removeprefix("someone: "),
        meta=SourceMeta(kind="notes", title="Notes pasted in Slack"),
        channel=payload["channel"],
        thread_ts=payload["thread_ts"],
        occurred_at=_moment_of(payload["ts"]),
    )
