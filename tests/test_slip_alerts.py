"""Downstream owners hear once, in their working hours, that an upstream slip hits them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from bot.scheduling import send_slip_alerts
from bot.slack_client import make_client
from coordination.dependencies.slip_alerts import due_slip_alerts
from storage.db import session_scope
from storage.models import Dependency
from tests.fakes.clocks import StoppedClock
from tests.fakes.program_seed import CREATED, Seed
from tests.fakes.slack_api import FakeSlack

WEDNESDAY_TEN = datetime(2026, 11, 25, 10, tzinfo=UTC)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


def _program(engine: Engine) -> Seed:
    """Ana's API was due last Friday; Ben's checkout, due tomorrow, needs it first."""
    seed = Seed(engine)
    ana, ben = seed.person("Ana", "UANA"), seed.person("Ben", "UBEN")
    billing, mobile = seed.project("Billing"), seed.project("Mobile")
    api = seed.item("Ship the API", ana, date(2026, 11, 20), project_id=billing.id)
    checkout = seed.item("Build checkout", ben, date(2026, 11, 26), project_id=mobile.id)
    with session_scope(engine) as session:
        session.add(
            Dependency(
                team_id=seed.team_id,
                program_id=seed.program.id,
                upstream_item_id=api.id,
                downstream_item_id=checkout.id,
                created_at=CREATED,
            )
        )
    return seed


def test_the_downstream_owner_is_told_once_what_the_slip_does_to_their_date(
    engine: Engine, slack: FakeSlack
) -> None:
    _program(engine)
    client = make_client(token="xoxb-test", base_url=slack.api_url)
    first = send_slip_alerts(engine, client, StoppedClock(WEDNESDAY_TEN))
    again = send_slip_alerts(engine, client, StoppedClock(WEDNESDAY_TEN + timedelta(hours=1)))
    assert [o.status for o in first] == ["sent"]
    assert [o.status for o in again] == ["duplicate"]
    [alert] = slack.posts()
    assert alert["channel"] == "DBEN"
    assert "'Ship the API' (Billing) now finishes 2026-11-26" in alert["text"]
    assert "'Build checkout' (due 2026-11-26)" in alert["text"] and "1 day(s) late" in alert["text"]


def test_alerts_wait_for_the_owners_working_hours(engine: Engine) -> None:
    seed = _program(engine)
    with Session(engine) as session:
        at_night = due_slip_alerts(
            session, program=seed.program, now=WEDNESDAY_TEN.replace(hour=22)
        )
        in_hours = due_slip_alerts(session, program=seed.program, now=WEDNESDAY_TEN)
    assert at_night == []
    assert [a.slack_user_id for a in in_hours] == ["UBEN"]
