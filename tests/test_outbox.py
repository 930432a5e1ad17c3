"""The outbox's one claim -> send -> stamp path, in the domain, with no Slack at all.

The sender here is a recorder behind the domain's own `Sender` protocol (the Slack
one is tested against the fake Web API in test_sending and the sweep tests).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from coordination import outbox
from coordination.dependencies.slip_alerts import SlipAlert
from coordination.digest.model import Digest
from coordination.errors import PermanentError
from coordination.outbox.scheduled import run_reminder_sweep
from coordination.program_view.view import ProgramView
from coordination.reminders.plan import EscalationPlan, ReminderPlan
from storage.db import session_scope
from storage.models import ActionItem, Delivery
from storage.workspaces import ensure_workspace
from tests.fakes.clocks import StoppedClock
from tests.fakes.program_seed import Seed

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


@dataclass
class RecordingSender:
    """Answers each send from `failures` first (an exception to raise), then with a ts."""

    failures: list[Exception] = field(default_factory=list)
    sent: list[tuple[str, int]] = field(default_factory=list)

    def send(self, delivery: Delivery) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append((delivery.idempotency_key, delivery.attempts))
        return f"ts-{len(self.sent)}"


class PlainComposer:
    """Payloads as plain words: the domain never needs Block Kit to decide or send."""

    def reminder(self, plan: ReminderPlan) -> dict[str, Any]:
        return {"text": f"{len(plan.nudges)} item(s) for {plan.person.name}"}

    def escalation(self, plan: EscalationPlan) -> dict[str, Any]:
        return {"text": f"{plan.item.task} is {plan.days_overdue} days late"}

    def digest(self, digest: Digest, *, channel: str, page_url: str | None) -> dict[str, Any]:
        return {"text": digest.program}

    def digest_picture(
        self, digest: Digest, view: ProgramView, *, channel: str, key: str, thread_of: str
    ) -> dict[str, Any] | None:
        return None

    def slip_alerts(self, user: str, alerts: list[SlipAlert]) -> dict[str, Any]:
        return {"text": f"{len(alerts)} slip(s)"}


def _outgoing(key: str = "reply:1") -> outbox.Outgoing:
    return outbox.Outgoing(key, "reply", "C1", "job:1", {"channel": "C1", "text": "hi"})


def _delivery(engine: Engine) -> Delivery:
    with Session(engine) as session:
        return session.exec(select(Delivery)).one()


def _workspace(engine: Engine) -> None:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=NOW)


def test_a_deferred_send_keeps_its_claim_until_the_time_the_sender_asked(engine: Engine) -> None:
    _workspace(engine)
    sender = RecordingSender([outbox.SendDeferred("ratelimited", timedelta(seconds=30))])
    first = outbox.send_once(
        engine, sender, team_id="T1", outgoing=_outgoing(), clock=StoppedClock(NOW)
    )
    assert (first.status, first.error) == ("retry", "ratelimited")
    assert _delivery(engine).lease_until == NOW + timedelta(seconds=30)
    early = outbox.redeliver_expired(
        engine, sender, clock=StoppedClock(NOW + timedelta(seconds=20))
    )
    late = outbox.redeliver_expired(engine, sender, clock=StoppedClock(NOW + timedelta(seconds=31)))
    assert (early, [o.status for o in late]) == ([], ["sent"])
    assert sender.sent == [("reply:1", 1)]  # a take-over: the sender is told to look first
    assert (_delivery(engine).status, _delivery(engine).slack_ts) == ("sent", "ts-1")


def test_a_refused_send_fails_at_once_as_a_permanent_error(engine: Engine) -> None:
    _workspace(engine)
    refusal = outbox.SendRefused("channel_not_found")
    sender = RecordingSender([refusal])
    outcome = outbox.send_once(
        engine, sender, team_id="T1", outgoing=_outgoing(), clock=StoppedClock(NOW)
    )
    assert isinstance(refusal, PermanentError)
    assert (outcome.status, outcome.error) == ("failed", "channel_not_found")
    later = StoppedClock(NOW + timedelta(hours=1))
    assert outbox.redeliver_expired(engine, sender, clock=later) == []
    assert outbox.resume(engine, sender, team_id="T1", key="reply:1", clock=later).status == (
        "failed"
    )
    assert sender.sent == []


def test_a_key_is_sent_once_however_often_it_is_asked_for(engine: Engine) -> None:
    _workspace(engine)
    sender = RecordingSender()
    clock = StoppedClock(NOW)
    outcomes = [
        outbox.send_once(engine, sender, team_id="T1", outgoing=_outgoing(), clock=clock)
        for _ in range(3)
    ]
    assert [o.status for o in outcomes] == ["sent", "duplicate", "duplicate"]
    assert outbox.resume(engine, sender, team_id="T1", key="reply:1", clock=clock).ts == "ts-1"
    assert sender.sent == [("reply:1", 0)]


def test_a_reminder_sweep_runs_without_slack_and_stamps_only_what_it_claimed(
    engine: Engine,
) -> None:
    seed = Seed(engine)
    ana = seed.person("Ana", "UANA")
    late = seed.item("Ship the beta", ana, date(2026, 11, 20))
    sender, composer = RecordingSender(), PlainComposer()
    first = run_reminder_sweep(engine, sender, composer, StoppedClock(NOW))
    again = run_reminder_sweep(engine, sender, composer, StoppedClock(NOW + timedelta(minutes=5)))
    assert ([o.status for o in first], again) == (["sent"], [])
    assert sender.sent == [(f"remind:{ana.id}:2026-11-25", 0)]
    delivery = _delivery(engine)
    assert (delivery.kind, delivery.payload) == ("reminder", {"text": "1 item(s) for Ana"})
    with Session(engine) as session:
        assert session.get(ActionItem, late.id).nudge_count == 1
