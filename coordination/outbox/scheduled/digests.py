"""Weekly digests, exactly once per program and ISO week, with their picture.

Whether a digest is due comes from our own tables and clock, not from APScheduler:
every replica's ticker may ask, and the week's key, claimed in the same transaction
that read the digest, lets exactly one of them post. The picture is claimed in that
transaction too and uploaded once the digest has its ts, so a restart finishes an
upload that never happened and never uploads twice.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from coordination.clock import Clock
from coordination.dashboard.links import program_page_url
from coordination.dates import local_date
from coordination.digest.load import digest_and_view
from coordination.digest.model import Digest
from coordination.digest.schedule import DigestSchedule, digest_key
from coordination.errors import UserError
from coordination.outbox.records import Outgoing, SendOutcome
from coordination.outbox.scheduled.compose import Composer
from coordination.outbox.sender import Sender
from coordination.outbox.service import claim, deliver, was_claimed
from coordination.program_view.view import ProgramView
from coordination.risks.register import refresh_derived_risks
from storage import digest_rows
from storage.db import session_scope
from storage.models import Delivery, Program

log = logging.getLogger(__name__)

PICTURE_KIND = "digest_picture"


def picture_key(key: str) -> str:
    return f"{key}:picture"


def _claim_picture(
    session: Session,
    composer: Composer,
    program: Program,
    content: tuple[Digest, ProgramView],
    *,
    key: str,
    now: datetime,
) -> Delivery | None:
    """None when the week has nothing to draw (or the picture was claimed before)."""
    channel = program.digest_channel or ""
    payload = composer.digest_picture(
        *content, channel=channel, key=picture_key(key), thread_of=key
    )
    if payload is None:
        return None
    outgoing = Outgoing(
        key=picture_key(key),
        kind=PICTURE_KIND,
        target=channel,
        subject=digest_rows.digest_subject(program.id),
        payload=payload,
    )
    return claim(session, team_id=program.team_id, outgoing=outgoing, now=now)


def post_digest(
    engine: Engine,
    sender: Sender,
    composer: Composer,
    program: Program,
    clock: Clock,
    *,
    week_of: date | None = None,
    public_url: str | None = None,
) -> SendOutcome:
    """Posts the week's digest to the program's channel unless that week's was claimed,
    then its picture into the digest's thread.

    `week_of` is the day of the scheduled slot (by default today, for digests asked for
    by hand), so a slot served just after midnight still counts for its own week. With
    `public_url` the digest links to the program's dashboard page.
    """
    if not program.digest_channel:
        raise UserError(f"program {program.name!r} has no digest channel.")
    now = clock()
    key = digest_key(program.id, week_of or local_date(program.timezone, now))
    with session_scope(engine) as session:
        if was_claimed(session, team_id=program.team_id, key=key):
            return SendOutcome("duplicate")
        digest, view = digest_and_view(session, program=program, now=now)
        refresh_derived_risks(session, program=program, derived=view.derived_risks, now=now)
        page_url = program_page_url(public_url, program.id)
        outgoing = Outgoing(
            key=key,
            kind="digest",
            target=program.digest_channel,
            subject=digest_rows.digest_subject(program.id),
            payload=composer.digest(digest, channel=program.digest_channel, page_url=page_url),
        )
        delivery = claim(session, team_id=program.team_id, outgoing=outgoing, now=now)
        picture = delivery and _claim_picture(
            session, composer, program, (digest, view), key=key, now=now
        )
    if delivery is None:
        return SendOutcome("duplicate")
    outcome = deliver(engine, sender, delivery, clock=clock)
    if picture is not None:
        deliver(engine, sender, picture, clock=clock)
    return outcome


def _due_slot(program: Program, now: datetime) -> datetime | None:
    try:
        return DigestSchedule.parse(program.digest_schedule, program.timezone).due_slot(now)
    except UserError as error:
        log.warning("digest of program %s not scheduled: %s", program.id, error)
        return None


def post_due_digests(
    engine: Engine,
    sender: Sender,
    composer: Composer,
    clock: Clock,
    *,
    public_url: str | None = None,
) -> list[SendOutcome]:
    """One query for the programs; a digest is only built for programs due and unclaimed."""
    with Session(engine, expire_on_commit=False) as session:
        programs = digest_rows.digest_programs(session)
    now = clock()
    due = [(program, _due_slot(program, now)) for program in programs]
    return [
        post_digest(
            engine, sender, composer, program, clock, week_of=slot.date(), public_url=public_url
        )
        for program, slot in due
        if slot is not None
    ]
