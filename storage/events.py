"""Slack's at-least-once delivery, made idempotent by a unique event id."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from storage.models import ProcessedEvent
from storage.unique import insert_new_key


def record_event(session: Session, *, team_id: str, event_id: str, now: datetime) -> bool:
    """True the first time an event id is seen, in any process; False for a re-delivery."""
    values = {"team_id": team_id, "event_id": event_id, "received_at": now}
    return insert_new_key(session, ProcessedEvent.__table__, values) is not None
