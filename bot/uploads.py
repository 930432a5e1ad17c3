"""Files sent through the delivery table: uploaded once, into the thread they belong to.

A file delivery's payload carries the file (base64), its name and the key of the
message whose thread it goes into (`thread_of`): the digest's picture is claimed with
the digest, but can only be uploaded once the digest has its ts. Slack's message
metadata cannot ride on an upload, so a retry recognises an earlier attempt by the
file name, which carries the delivery key, among the thread's replies.
"""

from __future__ import annotations

import base64
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlalchemy import Engine

from coordination import outbox
from coordination.db import session_scope
from coordination.outbox.records import Delivery


class UploadDeferred(Exception):
    """Not now, later: the parent message is not posted yet, or the upload URL failed."""


def is_upload(delivery: Delivery) -> bool:
    return "file_base64" in delivery.payload


def file_name_for(key: str, extension: str = "png") -> str:
    """A name that says what the file is and which delivery made it."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", f"followthrough-{key}").strip("-") + f".{extension}"


def _thread_ts(engine: Engine, delivery: Delivery) -> str:
    with session_scope(engine) as session:
        ts = outbox.sent_ts(session, team_id=delivery.team_id, key=delivery.payload["thread_of"])
    if not ts:
        raise UploadDeferred(f"{delivery.payload['thread_of']} is not posted yet")
    return ts


def _already_uploaded(client: WebClient, channel: str, thread_ts: str, name: str) -> str | None:
    cursor = None
    try:
        while True:
            page = client.conversations_replies(
                channel=channel, ts=thread_ts, limit=200, cursor=cursor
            )
            for message in page.get("messages", []):
                for file in message.get("files") or []:
                    if file.get("name") == name:
                        return file.get("id")
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
    except SlackApiError:
        return None


def upload(engine: Engine, client: WebClient, delivery: Delivery) -> str:
    """Uploads the delivery's file into its thread; returns the file id."""
    payload = delivery.payload
    channel, name = payload["channel"], payload["filename"]
    thread_ts = _thread_ts(engine, delivery)
    if delivery.attempts > 0 and (found := _already_uploaded(client, channel, thread_ts, name)):
        return found
    try:
        response = client.files_upload_v2(
            channel=channel,
            thread_ts=thread_ts,
            content=base64.b64decode(payload["file_base64"]),
            filename=name,
            title=payload["title"],
            alt_txt=payload.get("alt_text"),
        )
    except SlackRequestError as error:
        raise UploadDeferred(str(error)) from error
    return response["file"]["id"]
