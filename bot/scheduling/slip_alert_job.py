"""Sending slip alerts: each through the delivery table, so each owner hears once."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session

from bot.sending import Clients, Message, SendOutcome, send_once
from coordination.clock import Clock
from coordination.slip_alerts import due_slip_alerts
from storage.programs import programs_of_every_team


def send_slip_alerts(engine: Engine, clients: Clients, clock: Clock) -> list[SendOutcome]:
    now = clock()
    with Session(engine, expire_on_commit=False) as session:
        programs = programs_of_every_team(session)
        found = [(p.team_id, due_slip_alerts(session, program=p, now=now)) for p in programs]
    return [
        send_once(
            engine,
            clients,
            team_id=team_id,
            key=alert.key,
            kind="slip_alert",
            subject=alert.key.rsplit(":", 2)[0],
            message=Message(channel=alert.slack_user_id, text=alert.text),
            clock=clock,
        )
        for team_id, alerts in found
        for alert in alerts
    ]
