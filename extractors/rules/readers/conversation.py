"""Conversations (Slack threads, exports) read as utterances that keep who said what
and when. A message may itself hold a list or several lines; those are read like notes,
but the author stays the speaker of every part."""

from __future__ import annotations

import re

from extractors.models import KnownPerson, Utterance
from extractors.rules.document import Document, Unit
from extractors.rules.readers.markdown import read_markdown

_CODE_BLOCK = re.compile(r"```.*?```", re.S)
_QUOTED = re.compile(r"^(?:&gt;|>).*$", re.M)
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]+))?>")
_SPECIAL = re.compile(r"<!(channel|here|everyone)(?:\|[^>]*)?>|<!subteam\^[A-Z0-9]+(?:\|([^>]+))?>")
_CHANNEL = re.compile(r"<#[CG][A-Z0-9]+\|([^>]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def render(utterances: list[Utterance]) -> str:
    """One line per utterance, 'name: text', as stored for evidence lines."""
    return "\n".join(f"{u.speaker.name}: {' '.join(u.text.split())}" for u in utterances)


def plain_message(text: str, mention_keys: dict[str, str]) -> str:
    """Slack mrkdwn to notes text: code and quotes dropped (what follows a code block
    still counts), a user mention as '@<user id>' (one token, resolved by id, never by
    re-reading a name), channel and group pings dropped."""

    def mention(match: re.Match[str]) -> str:
        user_id = match.group(1)
        mention_keys[user_id.lower()] = user_id
        return "@" + user_id

    text = _CODE_BLOCK.sub(" ", text)
    text = _QUOTED.sub("", text)
    text = _MENTION.sub(mention, text)
    text = _SPECIAL.sub("", text)
    text = _CHANNEL.sub(lambda m: "#" + m.group(1), text)
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def read_conversation(
    utterances: list[Utterance], people: list[KnownPerson], mention_keys: dict[str, str]
) -> Document:
    names = {p.key: p.name for p in people}
    for u in utterances:
        if u.speaker.user_id:
            names[u.speaker.user_id] = u.speaker.name
    units: list[Unit] = []
    for position, utterance in enumerate(utterances, start=1):
        text = plain_message(utterance.text, mention_keys)
        for unit in read_markdown(text, speakers=False).walk():
            unit.kind = "utterance"
            unit.first = unit.last = position
            unit.speaker = utterance.speaker
            unit.at = utterance.at
            unit.permalink = utterance.permalink
            unit.accepted_by = list(utterance.accepted_by)
            unit.children, unit.parent = [], None
            units.append(unit)
    document = Document("slack thread", units, render(utterances).split("\n"))
    document.names = names
    return document
