"""Mentions and the shortcut: read the whole thread (or the pasted notes) and extract."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import BotDeps
from bot.job_kinds import MessagePayload
from bot.people import person_for_user
from bot.replies import reply_once, respond_once
from bot.sending import Message
from bot.work.ingesting import ingest_and_reply
from coordination.db import session_scope
from coordination.errors import UserError
from coordination.ingest.service import SourceMeta
from coordination.jobs import Job
from coordination.programs.people import people_with_slack_ids
from extractors.models import Speaker
from extractors.rules.readers.conversation import render
from extractors.slack_messages import utterances_from_messages

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


def _user_ids(messages: list[dict]) -> set[str]:
    found = {m["user"] for m in messages if m.get("user")}
    for message in messages:
        found.update(USER_MENTION.findall(message.get("text", "")))
    return found


def speakers(
    deps: BotDeps, client: WebClient, team_id: str, messages: list[dict]
) -> dict[str, Speaker]:
    """Everyone who wrote or was mentioned, as people of the workspace, by user id.

    People already known are read in one query; only strangers cost a users.info call,
    and someone Slack will not show (deactivated, another workspace) is left out.
    """
    ids = _user_ids(messages) - {deps.bot_user_id(team_id)}
    with session_scope(deps.engine) as session:
        known = people_with_slack_ids(session, team_id=team_id, user_ids=ids)
    found = {uid: Speaker(user_id=uid, display_name=p.display_name) for uid, p in known.items()}
    for user_id in sorted(ids - set(found)):
        try:
            person = person_for_user(
                deps.engine, client, team_id=team_id, user_id=user_id, now=deps.clock()
            )
        except UserError:
            continue
        found[user_id] = Speaker(user_id=user_id, display_name=person.display_name)
    return found


def named_mentions(text: str, people: dict[str, Speaker]) -> str:
    """'<@U1>' as '<@U1|Ana Lima>', so notes name whom they mention while the id stays."""
    return USER_MENTION.sub(
        lambda m: (
            f"<@{m.group(1)}|{people[m.group(1)].name}>" if m.group(1) in people else m.group(0)
        ),
        text,
    )


def _moment_of(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)


def cannot_read(deps: BotDeps, job: Job, payload: MessagePayload, channel: str) -> None:
    """The bot cannot post where it cannot read, so answer privately instead."""
    text = (
        f":no_entry: I can't read <#{channel}>. Invite me with `/invite @Followthrough` "
        "and try again."
    )
    if payload.response_url:
        respond_once(deps, job, payload.response_url, text=text)
    elif payload.user:
        reply_once(deps, job, Message(payload.user, text))


def run_thread(deps: BotDeps, job: Job, payload: MessagePayload) -> None:
    channel, thread_ts = payload.channel, payload.thread_ts
    client = deps.client_for(job.team_id)
    try:
        messages = fetch_thread(client, channel, thread_ts)
    except SlackApiError as error:
        if error.response.get("error") in UNREADABLE_CHANNEL:
            cannot_read(deps, job, payload, channel)
            return
        raise
    utterances = utterances_from_messages(
        messages,
        speakers(deps, client, job.team_id, messages),
        own_user_ids=[deps.bot_user_id(job.team_id)],
    )
    ingest_and_reply(
        deps,
        job,
        text=render(utterances),
        utterances=utterances,
        meta=SourceMeta(
            kind="thread", title="Slack thread", channel_id=channel, thread_ts=thread_ts
        ),
        channel=channel,
        thread_ts=thread_ts,
        occurred_at=_moment_of(thread_ts),
    )


def run_notes(deps: BotDeps, job: Job, payload: MessagePayload) -> None:
    client = deps.client_for(job.team_id)
    message = {"text": payload.text, "user": payload.user}
    people = speakers(deps, client, job.team_id, [message])
    ingest_and_reply(
        deps,
        job,
        text=named_mentions(payload.text, people),
        meta=SourceMeta(kind="notes", title="Notes pasted in Slack"),
        channel=payload.channel,
        thread_ts=payload.thread_ts,
        occurred_at=_moment_of(payload.ts),
    )
