"""Slack messages (as conversations.replies or an export returns them) as utterances.

Plain dict parsing, no Slack client: the bot hands over what it fetched, the CLI what a
user exported, and both get the same reading. Slack's own rules apply: bot posts, the
app's own replies, join/leave notices and deleted-message tombstones are not anyone
saying something; an edited message counts in its current wording.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from extractors.models import Speaker, Utterance

ACCEPTING_REACTIONS = frozenset(
    {
        "+1",
        "thumbsup",
        "white_check_mark",
        "heavy_check_mark",
        "ok_hand",
        "eyes",
        "ok",
        "raised_hands",
    }
)
"""A reaction by the person asked that says 'I'll do it'."""
_NOT_SPEECH = frozenset(
    {
        "bot_message",
        "channel_join",
        "channel_leave",
        "group_join",
        "group_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "tombstone",
        "message_deleted",
        "pinned_item",
        "reminder_add",
    }
)


def _current(message: Mapping) -> Mapping:
    """A `message_changed` event carries the edited message inside it."""
    if message.get("subtype") == "message_changed" and isinstance(message.get("message"), Mapping):
        return message["message"]
    return message


def _speaker(message: Mapping, users: Mapping[str, Speaker]) -> Speaker:
    user_id = message.get("user") or ""
    if user_id in users:
        return users[user_id]
    profile = message.get("user_profile") or {}
    return Speaker(
        user_id=user_id or None,
        display_name=profile.get("display_name") or message.get("username") or "",
        real_name=profile.get("real_name") or "",
    )


def _moment(ts: object) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(str(ts)), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def _accepted_by(message: Mapping) -> list[str]:
    users: list[str] = []
    for reaction in message.get("reactions") or []:
        name = str(reaction.get("name", "")).split("::")[0]
        if name in ACCEPTING_REACTIONS:
            users.extend(str(u) for u in reaction.get("users") or [])
    return users


def is_speech(message: Mapping, own_user_ids: Iterable[str] = ()) -> bool:
    """A person said it: not a bot, not the app itself, not a notice or a tombstone."""
    message = _current(message)
    if message.get("subtype") in _NOT_SPEECH or message.get("bot_id") or message.get("hidden"):
        return False
    if not message.get("user") or message.get("user") in set(own_user_ids):
        return False
    return bool(str(message.get("text") or "").strip())


def utterances_from_messages(
    messages: Iterable[Mapping],
    users: Mapping[str, Speaker] | None = None,
    *,
    own_user_ids: Iterable[str] = (),
    permalink_of: Mapping[str, str] | None = None,
) -> list[Utterance]:
    """People's messages in order, each with its author (by user id), time and reactions."""
    users = users or {}
    own = set(own_user_ids)
    out: list[Utterance] = []
    for raw in messages:
        message = _current(raw)
        if not is_speech(message, own):
            continue
        ts = str(message.get("ts") or raw.get("ts") or "")
        out.append(
            Utterance(
                speaker=_speaker(message, users),
                text=str(message.get("text")),
                at=_moment(ts),
                permalink=(permalink_of or {}).get(ts) or message.get("permalink"),
                accepted_by=_accepted_by(message),
            )
        )
    return out


def parse_export(text: str) -> list[Utterance] | None:
    """A Slack export or API answer pasted as JSON: a list of messages, or an object with
    `messages`. None when the text is not that."""
    stripped = text.strip()
    if not stripped.startswith(("[", "{")):
        return None
    try:
        data = json.loads(stripped)
    except ValueError:
        return None
    messages = data.get("messages") if isinstance(data, dict) else data
    if not isinstance(messages, list) or not messages:
        return None
    if not all(isinstance(m, dict) and ("text" in m or "message" in m) for m in messages):
        return None
    return utterances_from_messages(messages)
