"""The digest's picture: drawn from the week's friction, uploaded once into its thread."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import Engine, update
from sqlmodel import select

from bot.scheduling import post_digest
from bot.sending import WebApiSender
from bot.slack_client import make_client
from coordination.outbox import redeliver_expired
from coordination.outbox.scheduled.digests import PICTURE_KIND as KIND
from storage.db import session_scope
from storage.models import Delivery
from tests.fakes.clocks import StoppedClock
from tests.fakes.dashboard_seed import NOW, seed_friction
from tests.fakes.program_seed import Seed
from tests.fakes.slack_api import FakeSlack, error, fake_slack


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


def _picture_delivery(engine: Engine) -> Delivery:
    with session_scope(engine) as session:
        return session.exec(select(Delivery).where(Delivery.kind == KIND)).one()


def test_the_digest_carries_one_picture_in_its_thread(engine: Engine, slack: FakeSlack) -> None:
    seeded = seed_friction(engine)
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    assert post_digest(engine, client, seeded.seed.program, StoppedClock(NOW)).status == "sent"
    [digest] = slack.posts()
    [picture] = slack.uploaded()
    assert (picture["channel"], picture["thread_ts"]) == ("C1", digest["ts"])
    assert picture["name"].startswith("followthrough-digest-") and picture["name"].endswith(".png")
    image = Image.open(io.BytesIO(picture["data"]))
    assert image.format == "PNG" and image.width > 600
    assert "friction between projects" in picture["title"]
    assert post_digest(
        engine, client, seeded.seed.program, StoppedClock(NOW + timedelta(hours=2))
    ).status == ("duplicate")
    assert len(slack.uploaded()) == 1 and len(slack.posts()) == 1
    assert _picture_delivery(engine).status == "sent"


def test_an_upload_slack_refused_is_finished_by_the_next_sweep(
    engine: Engine, slack: FakeSlack
) -> None:
    seeded = seed_friction(engine)
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    slack.script["files.getUploadURLExternal"].append(error("internal_error"))
    assert post_digest(engine, client, seeded.seed.program, StoppedClock(NOW)).status == "sent"
    assert slack.uploaded() == [] and _picture_delivery(engine).status == "claimed"
    redeliver_expired(
        engine, WebApiSender(engine, client), clock=StoppedClock(NOW + timedelta(minutes=3))
    )
    [picture] = slack.uploaded()
    assert picture["thread_ts"] == slack.posts()[0]["ts"]
    assert _picture_delivery(engine).status == "sent"


def test_a_restart_after_the_upload_does_not_upload_again(engine: Engine, slack: FakeSlack) -> None:
    seeded = seed_friction(engine)
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    post_digest(engine, client, seeded.seed.program, StoppedClock(NOW))
    file_id = _picture_delivery(engine).slack_ts
    with session_scope(engine) as session:  # as if the process died before recording it
        session.execute(
            update(Delivery)
            .where(Delivery.kind == KIND)
            .values(status="claimed", slack_ts=None, lease_until=NOW)
        )
    redeliver_expired(
        engine, WebApiSender(engine, client), clock=StoppedClock(NOW + timedelta(minutes=3))
    )
    assert len(slack.uploaded()) == 1
    assert _picture_delivery(engine).slack_ts == file_id


def test_a_quiet_week_has_no_picture(engine: Engine, slack: FakeSlack) -> None:
    seed = Seed(engine)
    seed.item("Nothing crosses projects", seed.person("Ana", "UANA"), NOW.date())
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    assert post_digest(engine, client, seed.program, StoppedClock(NOW)).status == "sent"
    assert slack.uploaded() == [] and slack.called("files.getUploadURLExternal") == []


def test_the_digest_links_to_the_programs_page_when_public(
    engine: Engine, slack: FakeSlack
) -> None:
    seeded = seed_friction(engine)
    client = make_client(token="xoxb-test", base_url=slack.base_url)
    post_digest(
        engine, client, seeded.seed.program, StoppedClock(NOW), public_url="https://ft.example.com/"
    )
    [digest] = slack.posts()
    page = f"https://ft.example.com/programs/{seeded.program_id}/"
    assert f"<{page}|Open the dashboard>" in json.dumps(digest["blocks"])
