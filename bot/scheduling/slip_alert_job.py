"""Sending slip alerts: one DM per owner per sweep, however many of their items slipped.

Each alert keeps its own key (`slip:<upstream>:<finish>:<item>:<owner>`), so an owner
hears about a given slip once. In one transaction per owner, the alerts not yet told
are claimed as `bundled` and the DM that tells them all is claimed under a key made of
theirs; a replica running the same sweep finds the alerts taken and sends nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from bot.sending import Clients, Message, SendOutcome, deliver
from bot.views.blockkit import MESSAGE, Layout, context, section
from bot.views.mrkdwn import day, escape
from coordination.clock import Clock
from coordination.slip_alerts import SlipAlert, due_slip_alerts
from storage import deliveries
from storage.db import session_scope
from storage.models import Delivery
from storage.programs import programs_of_every_team

ADVICE = "Agree a new date with the upstream owner, or move yours."


def _line(alert: SlipAlert) -> str:
    finish = day(alert.finish) if alert.finish else "later"
    return (
        f":warning: {escape(alert.upstream)} ({escape(alert.upstream_project)}) now finishes "
        f"{finish}, so your {escape(alert.downstream)} (due {day(alert.due)}) can no longer "
        f"hold: about {alert.days_late} day(s) late."
    )


def slip_message(user: str, alerts: list[SlipAlert]) -> Message:
    count = len(alerts)
    intro = f"*An upstream slip makes {count} of your dates impossible*"
    if count == 1:
        intro = "*An upstream slip makes one of your dates impossible*"
    layout = Layout(MESSAGE)
    layout.add(section(intro))
    layout.lines(
        [_line(a) for a in alerts], more=lambda n: f"…and {n} more — see `/followthrough deps`."
    )
    layout.add(context(ADVICE), reserve=0)
    text = "\n".join([escape(a.text) for a in alerts[:5]] + [ADVICE])
    return Message(channel=user, text=text, blocks=layout.build())


def _batch_key(user: str, alerts: list[SlipAlert]) -> str:
    digest = hashlib.sha256("\n".join(a.key for a in alerts).encode()).hexdigest()[:20]
    return f"slips:{user}:{digest}"


def _claim(
    engine: Engine, team_id: str, user: str, alerts: list[SlipAlert], now: datetime
) -> Delivery | None:
    """The alerts this replica is first to tell, and the one DM that tells them."""
    with session_scope(engine) as session:
        fresh = [
            alert
            for alert in alerts
            if deliveries.claim(
                session,
                team_id=team_id,
                key=alert.key,
                kind="slip_alert",
                target=user,
                subject=alert.key.rsplit(":", 2)[0],
                payload={},
                now=now,
                status="bundled",
            )
        ]
        if not fresh:
            return None
        return deliveries.claim(
            session,
            team_id=team_id,
            key=_batch_key(user, fresh),
            kind="slip_alerts",
            target=user,
            subject=f"slips:{len(fresh)}",
            payload=slip_message(user, fresh).as_payload(),
            now=now,
        )


def send_slip_alerts(engine: Engine, clients: Clients, clock: Clock) -> list[SendOutcome]:
    now = clock()
    with Session(engine, expire_on_commit=False) as session:
        programs = programs_of_every_team(session)
        found = [(p.team_id, due_slip_alerts(session, program=p, now=now)) for p in programs]
    by_owner: defaultdict[tuple[str, str], list[SlipAlert]] = defaultdict(list)
    for team_id, alerts in found:
        for alert in alerts:
            by_owner[(team_id, alert.slack_user_id)].append(alert)
    outcomes = []
    for (team_id, user), alerts in sorted(by_owner.items()):
        delivery = _claim(engine, team_id, user, alerts, now)
        outcome = SendOutcome("duplicate")
        if delivery is not None:
            outcome = deliver(engine, clients, delivery, clock=clock)
        outcomes.append(outcome)
    return outcomes
