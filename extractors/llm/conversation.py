"""A conversation as the model reads it: one numbered line per line of each message,
`name (U123): text`, with Slack mentions written `@Name (U456)`.

Every line keeps its author's user id, the message's time, whom it mentions and who
accepted the message with a reaction (👍, ✅), so an owner is checked against the people
on the cited lines (by id, not by re-reading a lowercase display name) and "by Friday"
counts from the day that message was written.
Slack markup is read as the rules extractor reads it (code and quotes dropped, channel
pings ignored); messages that are not people speaking never become utterances
(extractors/slack_messages.py), whether the bot fetched them or a user pasted an export.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.llm.lines import Source, SourceLine
from extractors.models import ExtractionRequest, KnownPerson, Speaker, Utterance
from extractors.rules.readers.conversation import plain_message
from extractors.slack_messages import parse_export

_MENTIONED_ID = re.compile(r"@([UW][A-Z0-9]+)\b")


def read_source(request: ExtractionRequest) -> Source:
    """The request's conversation (given, or a pasted Slack export), else its lines."""
    utterances = request.utterances
    if utterances is None:
        utterances = parse_export(request.text)
    if utterances is not None:
        return Source(tuple(transcript(utterances, request.people)), conversation=True)
    lines = request.text.splitlines()
    return Source(tuple(SourceLine(t, n) for n, t in enumerate(lines, start=1)), False)


def transcript(utterances: Sequence[Utterance], people: Sequence[KnownPerson]) -> list[SourceLine]:
    """The lines of every message, each numbered by its message for evidence."""
    directory = _directory(utterances, people)
    lines: list[SourceLine] = []
    for position, utterance in enumerate(utterances, start=1):
        mention_keys: dict[str, str] = {}
        text = plain_message(utterance.text, mention_keys)
        ids = set(mention_keys.values())
        accepted = tuple(
            directory.get(user_id) or Speaker(user_id=user_id)
            for user_id in dict.fromkeys(utterance.accepted_by)
        )
        for raw in text.splitlines():
            content, mentioned = _rendered(" ".join(raw.split()), ids, directory)
            if content:
                lines.append(
                    SourceLine(
                        content,
                        position,
                        speaker=utterance.speaker,
                        at=utterance.at,
                        mentioned=mentioned,
                        accepted_by=accepted,
                        permalink=utterance.permalink,
                        label=label(utterance.speaker),
                    )
                )
    return lines


def label(speaker: Speaker) -> str:
    """'maria (U1MARIA)': the name people read, and the id that owners are checked by."""
    if speaker.user_id and speaker.name != speaker.user_id:
        return f"{speaker.name} ({speaker.user_id})"
    return speaker.name


def _directory(
    utterances: Sequence[Utterance], people: Sequence[KnownPerson]
) -> dict[str, Speaker]:
    """Who each user id is: a speaker in the thread as Slack names them, else a known
    person by their stored name (as the rules extractor names mentioned owners)."""
    directory = {p.key: Speaker(user_id=p.key, real_name=p.name) for p in people}
    for utterance in utterances:
        if utterance.speaker.user_id:
            directory[utterance.speaker.user_id] = utterance.speaker
    return directory


def _rendered(
    content: str, ids: set[str], directory: dict[str, Speaker]
) -> tuple[str, tuple[Speaker, ...]]:
    """The line with each real mention as '@Name (U456)', and who those mentions are."""
    mentioned: dict[str, Speaker] = {}

    def sub(match: re.Match[str]) -> str:
        user_id = match.group(1)
        if user_id not in ids:
            return match.group(0)
        person = directory.get(user_id) or Speaker(user_id=user_id)
        mentioned[user_id] = person
        return "@" + label(person)

    return _MENTIONED_ID.sub(sub, content), tuple(mentioned.values())
