"""A shared file read as meeting notes; anything that is not text notes is refused
clearly, and privately, to the person who shared it."""

from __future__ import annotations

import urllib.request
from datetime import UTC, datetime

from slack_sdk import WebClient

from bot.deps import BotDeps
from bot.job_kinds import FilePayload
from bot.replies import whisper_once
from bot.views.mrkdwn import escape
from bot.views.summary import problem
from bot.work.ingesting import ingest_and_reply
from coordination.errors import UserError
from coordination.ingest.notes_input import decode_notes
from coordination.ingest.service import SourceMeta
from coordination.jobs import Job

NOTES_EXTENSIONS = {"txt": "notes", "md": "notes", "vtt": "transcript", "srt": "transcript"}


def _where_shared(info: dict, channel: str | None) -> tuple[str | None, str | None]:
    """(channel, ts of the share), preferring the channel the event named."""
    shares = {
        **(info.get("shares") or {}).get("public", {}),
        **(info.get("shares") or {}).get("private", {}),
    }
    if channel and channel in shares:
        return channel, shares[channel][0].get("ts")
    for shared_in, entries in shares.items():
        return shared_in, entries[0].get("ts")
    return channel, None


def _download(client: WebClient, url: str, limit: int) -> bytes:
    """Private file URLs need the bot token; reading one byte past the limit is enough to refuse."""
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(limit + 1)


def _refuse(
    deps: BotDeps, job: Job, user: str | None, where: tuple[str, str | None], text: str
) -> None:
    """Only the person who shared the file hears why it was not read: a channel where
    decks and images are shared all day should not hear about each one."""
    channel, share_ts = where
    if user:
        whisper_once(deps, job, channel=channel, user=user, text=text, thread_ts=share_ts)


def run_file(deps: BotDeps, job: Job, payload: FilePayload) -> None:
    client = deps.client_for(job.team_id)
    info = client.files_info(file=payload.file_id)["file"]
    channel, share_ts = _where_shared(info, payload.channel)
    if channel is None:
        return
    name = info.get("name") or info.get("title") or "the file"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in NOTES_EXTENSIONS:
        _refuse(
            deps,
            job,
            payload.user,
            (channel, share_ts),
            f":warning: I can only read meeting notes as .txt, .md, .vtt or .srt; "
            f"`{escape(name)}` is not one of those.",
        )
        return
    limit = deps.settings.max_notes_bytes
    data = _download(client, info.get("url_private_download") or info["url_private"], limit)
    try:
        text = decode_notes(data, label=f"`{name}`", max_bytes=limit)
    except UserError as error:
        _refuse(deps, job, payload.user, (channel, share_ts), problem(error))
        return
    ingest_and_reply(
        deps,
        job,
        text=text,
        meta=SourceMeta(
            kind=NOTES_EXTENSIONS[extension], title=name, permalink=info.get("permalink")
        ),
        channel=channel,
        thread_ts=share_ts,
        occurred_at=datetime.fromtimestamp(info.get("created") or 0, UTC),
    )
