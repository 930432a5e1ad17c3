"""Posting weekly digests exactly once per program and ISO week.

Whether a digest is due comes from our own tables and clock, not from APScheduler:
every replica's ticker may ask, and the week's delivery key, claimed in the same
transaction that read the digest, lets exactly one of them post.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session

from bot.scheduling.digest_picture import claim_digest_picture
from bot.scheduling.digest_view import digest_message
from bot.sending import Clients, SendOutcome, deliver
from coordination.clock import Clock
from coordination.dashboard.links import program_page_url
from coordination.dates import local_date
from coordination.digest.load import digest_and_view
from coordination.digest.schedule import DigestSchedule, digest_key
from coordination.errors import UserError
from coordination.risk_register import refresh_derived_risks
from storage import deliveries, digest_rows
from storage.db import session_scope
from storage.models import Program

log = logging.getLogger(__name__)


def post_digest(
    engine: Engine,
    clients: Clients,
    program: Program,
    clock: Clock,
    *,
    week_of: date | None = None,
    public_url: str | None = None,
) -> SendOutcome:
    """Posts the week's digest to the program's channel unless that week's was claimed,
    then its picture into the digest's thread (claimed with it, so it too goes once).

    `week_of` is the day of the scheduled slot (by default today, for digests asked for
    by hand), so a slot served just after midnight still counts for its own week. With
    `public_url` the digest links to the program's dashboard page.
    """
    if not program.digest_channel:
        raise UserError(f"program {program.name!r} has no digest channel.")
    now = clock()
    key = digest_key(program.id, week_of or local_date(program.timezone, now))
    with session_scope(engine) as session:
        if deliveries.was_claimed(session, team_id=program.team_id, key=key):
            return SendOutcome("duplicate")
        digest, view = digest_and_view(session, program=program, now=now)
        refresh_derived_risks(session, program=program, derived=view.derived_risks, now=now)
        message = digest_message(
            digest, program.digest_channel, page_url=program_page_url(public_url, program.id)
        )
        delivery = deliveries.claim(
            session,
            team_id=program.team_id,
            key=key,
            kind="digest",
            target=program.digest_channel,
            subject=digest_rows.digest_subject(program.id),
            payload=message.as_payload(),
            now=now,
        )
        picture = delivery and claim_digest_picture(
            session, program, digest, view, key=key, now=now
        )
    if delivery is None:
        return SendOutcome("duplicate")
    outcome = deliver(engine, clients, delivery, clock=clock)
    if picture is not None:
        deliver(engine, clients, picture, clock=clock)
    return outcome


def _due_slot(program: Program, now: datetime) -> datetime | None:
    try:
        return DigestSchedule.parse(program.digest_schedule, program.timezone).due_slot(now)
    except UserError as error:
        log.warning("digest of program %s not scheduled: %s", program.id, error)
        return None


def post_due_digests(
    engine: Engine, clients: Clients, clock: Clock, *, public_url: str | None = None
) -> list[SendOutcome]:
    """One query for the programs; a digest is only built for programs due and unclaimed."""
    with Session(engine, expire_on_commit=False) as session:
        programs = digest_rows.digest_programs(session)
    now = clock()
    due = [(program, _due_slot(program, now)) for program in programs]
    return [
        post_digest(engine, clients, program, clock, week_of=slot.date(), public_url=public_url)
        for program, slot in due
        if slot is not None
    ]
