"""The digest's picture as a delivery of its own, claimed in the digest's transaction.

Claimed together, the two are decided once: a restart after the digest went out
finishes the picture (the sweep takes over its expired claim) and never uploads it
twice. The picture waits for the digest's ts, since it goes into the digest's thread.
"""

from __future__ import annotations

import base64
from datetime import datetime

from sqlmodel import Session

from bot.uploads import file_name_for
from coordination.digest.model import Digest
from coordination.program_view import ProgramView
from storage import deliveries, digest_rows
from storage.models import Delivery, Program

KIND = "digest_picture"


def picture_key(digest_key: str) -> str:
    return f"{digest_key}:picture"


def claim_digest_picture(
    session: Session,
    program: Program,
    digest: Digest,
    view: ProgramView,
    *,
    key: str,
    now: datetime,
) -> Delivery | None:
    """None when the week has nothing to draw (or the picture was claimed before)."""
    # matplotlib loads here, not when the CLI or the bot start.
    from charts.digest_picture import digest_picture_png

    png = digest_picture_png(digest, view)
    if png is None:
        return None
    channel = program.digest_channel
    return deliveries.claim(
        session,
        team_id=program.team_id,
        key=picture_key(key),
        kind=KIND,
        target=channel,
        subject=digest_rows.digest_subject(program.id),
        payload={
            "channel": channel,
            "thread_of": key,
            "filename": file_name_for(picture_key(key)),
            "title": f"{digest.program}: friction between projects, {digest.week}",
            "alt_text": "Capacity heatmap of people over capacity and bars of slipped dates",
            "file_base64": base64.b64encode(png).decode(),
        },
        now=now,
    )
