"""Posting weekly digests exactly once per program and ISO week.

Whether a digest is due comes from our own tables and clock, not from APScheduler:
every replica's ticker may ask, and the week's delivery key, claimed in the same
transaction that read the digest, lets exactly one of them post.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from bot.scheduling.digest_view import digest_message
from bot.sending import Clients, SendOutcome, deliver
from coordination.dates import local_date
from coordination.digest.load import digest_and_view
from coordination.digest.schedule import DigestSchedule, digest_key
from coordination.errors import UserError
from coordination.risk_register import refresh_derived_risks
from storage import deliveries, digest_rows
from storage.db import session_scope
from storage.models import Program

log = logging.getLogger(__name__)


def post_digest(engine: Engine, clients: Clients, program: Program, now: datetime) -> SendOutcome:
    """Posts this week's digest to the program's channel unless this week's was claimed."""
    if not program.digest_channel:
        raise UserError(f"program {program.name!r} has no digest channel.")
    key = digest_key(program.id, local_date(program.timezone, now))
    with session_scope(engine) as session:
        if deliveries.was_claimed(session, team_id=program.team_id, key=key):
            return SendOutcome("duplicate")
        digest, view = digest_and_view(session, program=program, now=now)
        refresh_derived_risks(session, program=program, derived=view.derived_risks, now=now)
        message = digest_message(digest, program.digest_channel)
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
    if delivery is None:
        return SendOutcome("duplicate")
    return deliver(engine, clients, delivery, now=now)


def _is_due(program: Program, now: datetime) -> bool:
    try:
        return DigestSchedule.parse(program.digest_schedule, program.timezone).is_due(now)
    except UserError as error:
        log.warning("digest of program %s not scheduled: %s", program.id, error)
        return False


def post_due_digests(engine: Engine, clients: Clients, now: datetime) -> list[SendOutcome]:
    """One query for the programs; a digest is only built for programs due and unclaimed."""
    with Session(engine, expire_on_commit=False) as session:
        programs = digest_rows.digest_programs(session)
    return [post_digest(engine, clients, p, now) for p in programs if _is_due(p, now)]
