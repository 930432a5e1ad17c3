"""Slip alerts: one DM per owner per sweep, however many of their items slipped.

Each alert keeps its own key (`slip:<upstream>:<finish>:<item>:<owner>`), so an owner
hears about a given slip once. In one transaction per owner, the alerts not yet told
are claimed as bundled and the DM that tells them all is claimed under a key made of
theirs; a replica running the same sweep finds the alerts taken and sends nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from coordination.clock import Clock
from coordination.dependencies.slip_alerts import SlipAlert, due_slip_alerts
from coordination.outbox.records import Outgoing, SendOutcome
from coordination.outbox.scheduled.compose import Composer
from coordination.outbox.sender import Sender
from coordination.outbox.service import claim, deliver
from storage.db import session_scope
from storage.models import Delivery
from storage.programs import programs_of_every_team


def _batch_key(user: str, alerts: list[SlipAlert]) -> str:
    digest = hashlib.sha256("\n".join(a.key for a in alerts).encode()).hexdigest()[:20]
    return f"slips:{user}:{digest}"


def _alert_claim(user: str, alert: SlipAlert) -> Outgoing:
    return Outgoing(
        key=alert.key,
        kind="slip_alert",
        target=user,
        subject=alert.key.rsplit(":", 2)[0],
        payload={},
    )


def _claim(
    engine: Engine,
    composer: Composer,
    team_id: str,
    user: str,
    alerts: list[SlipAlert],
    now: datetime,
) -> Delivery | None:
    """The alerts this replica is first to tell, and the one DM that tells them."""
    with session_scope(engine) as session:
        fresh = [
            alert
            for alert in alerts
            if claim(
                session, team_id=team_id, outgoing=_alert_claim(user, alert), now=now, bundled=True
            )
        ]
        if not fresh:
            return None
        outgoing = Outgoing(
            key=_batch_key(user, fresh),
            kind="slip_alerts",
            target=user,
            subject=f"slips:{len(fresh)}",
            payload=composer.slip_alerts(user, fresh),
        )
        return claim(session, team_id=team_id, outgoing=outgoing, now=now)


def _by_owner(engine: Engine, now: datetime) -> dict[tuple[str, str], list[SlipAlert]]:
    with Session(engine, expire_on_commit=False) as session:
        programs = programs_of_every_team(session)
        found = [(p.team_id, due_slip_alerts(session, program=p, now=now)) for p in programs]
    by_owner: defaultdict[tuple[str, str], list[SlipAlert]] = defaultdict(list)
    for team_id, alerts in found:
        for alert in alerts:
            by_owner[(team_id, alert.slack_user_id)].append(alert)
    return by_owner


def send_slip_alerts(
    engine: Engine, sender: Sender, composer: Composer, clock: Clock
) -> list[SendOutcome]:
    now = clock()
    outcomes = []
    for (team_id, user), alerts in sorted(_by_owner(engine, now).items()):
        delivery = _claim(engine, composer, team_id, user, alerts, now)
        outcome = SendOutcome("duplicate")
        if delivery is not None:
            outcome = deliver(engine, sender, delivery, clock=clock)
        outcomes.append(outcome)
    return outcomes
