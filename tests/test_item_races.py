"""Concurrent clicks on one item from two replicas serialise (issue 16.3).

Two engines stand for two replicas (each its own connection pool); 40 Done / Snooze /
New date clicks race through the domain as the job workers run them. History must
tell the true sequence: one open -> done, and each change's old value the previous
change's new value. A click that loses the version check is retried, as the worker
retries a failed job.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, create_engine, select

from coordination.ingest.service import ingest_text
from coordination.items import actions as item_actions
from extractors.rules import RulesExtractor
from storage.db import get_engine, session_scope
from storage.items import add_item
from storage.models import ActionItem, ItemHistory
from storage.people import add_person
from storage.programs import add_program
from storage.workspaces import ensure_workspace

CLICKS = 40
T0 = datetime(2026, 12, 2, 9, tzinfo=UTC)
FIRST_DUE = date(2026, 12, 4)


def _item(engine: Engine) -> int:
    with session_scope(engine) as session:
        ensure_workspace(session, team_id="T1", now=T0)
        program = add_program(session, team_id="T1", name="Atlas", now=T0)
        item = add_item(
            session,
            team_id="T1",
            now=T0,
            program_id=program.id,
            task="Ship the API",
            task_key="ship api",
            due_date=FIRST_DUE,
        )
        return item.id


def _click(engine: Engine, item_id: int, n: int) -> None:
    ids = {"team_id": "T1", "item_id": item_id, "actor": f"slack:U{n}"}
    now = T0 + timedelta(seconds=n)
    with session_scope(engine) as session:
        if n % 3 == 0:
            item_actions.mark_done(session, **ids, now=now)
        elif n % 3 == 1:
            item_actions.snooze(session, **ids, until=now + timedelta(days=n), now=now)
        else:
            item_actions.set_due(session, **ids, due=FIRST_DUE + timedelta(days=n), now=now)


def _click_retrying(engine: Engine, item_id: int, n: int, start: threading.Barrier) -> int:
    start.wait()
    for attempt in range(20):
        try:
            _click(engine, item_id, n)
            return attempt
        except StaleDataError:
            continue
    raise AssertionError(f"click {n} lost the version check 20 times")


def _race(replicas: list[Engine], item_id: int) -> list[int]:
    start = threading.Barrier(CLICKS)
    with ThreadPoolExecutor(max_workers=CLICKS) as pool:
        futures = [
            pool.submit(_click_retrying, replicas[n % 2], item_id, n, start) for n in range(CLICKS)
        ]
        return [f.result(timeout=60) for f in futures]


def _assert_history_is_one_sequence(engine: Engine, item_id: int) -> None:
    with Session(engine) as session:
        item = session.get(ActionItem, item_id)
        history = session.exec(
            select(ItemHistory).where(ItemHistory.item_id == item_id).order_by(ItemHistory.id)
        ).all()
    by_field = {f: [h for h in history if h.field == f] for f in ("status", "due_date", "snooze")}
    assert [(h.old_value, h.new_value) for h in by_field["status"]] == [("open", "done")]
    for field, first, last in (
        ("due_date", str(FIRST_DUE), str(item.due_date)),
        ("snooze", None, str(item.snoozed_until)),
    ):
        changes = by_field[field]
        assert changes, f"no {field} change was recorded"
        olds = [h.old_value for h in changes]
        news = [h.new_value for h in changes]
        assert olds == [first, *news[:-1]], f"{field} history is not one sequence"
        assert news[-1] == last
    assert item.version == 1 + len(history)


def _replicas(url: str) -> list[Engine]:
    return [create_engine(url, pool_size=CLICKS // 2, max_overflow=0) for _ in range(2)]


def test_racing_clicks_from_two_replicas_serialise_on_postgresql(postgres_engine: Engine) -> None:
    item_id = _item(postgres_engine)
    replicas = _replicas(postgres_engine.url.render_as_string(hide_password=False))
    try:
        retries = _race(replicas, item_id)
    finally:
        for replica in replicas:
            replica.dispose()
    _assert_history_is_one_sequence(postgres_engine, item_id)
    assert sum(retries) == 0, "the row lock should leave nothing for the version check"


def test_racing_clicks_stay_one_sequence_on_sqlite(sqlite_url: str) -> None:

    engine = get_engine(sqlite_url)
    item_id = _item(engine)
    replicas = [
        create_engine(sqlite_url, connect_args={"check_same_thread": False, "timeout": 30})
        for _ in range(2)
    ]
    try:
        _race(replicas, item_id)
    finally:
        for replica in replicas:
            replica.dispose()
    _assert_history_is_one_sequence(engine, item_id)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_a_repeated_click_changes_nothing_the_second_time(sqlite_url: str, n: int) -> None:

    engine = get_engine(sqlite_url)
    item_id = _item(engine)
    _click(engine, item_id, n)
    _click(engine, item_id, n)
    with Session(engine) as session:
        item = session.get(ActionItem, item_id)
        changes = session.exec(select(ItemHistory).where(ItemHistory.item_id == item_id)).all()
    assert (len(changes), item.version) == (1, 2)


def _restate(engine: Engine, n: int, start: threading.Barrier) -> int:
    """Notes of meeting n restate the item with a new date, as a replica's worker would:
    February dates, which no click's date (December to early January) can equal, so
    every one of the 20 changes moves the date whatever order they land in."""
    start.wait()
    for attempt in range(20):
        try:
            ingest_text(
                engine,
                team_id="T1",
                program_name="Atlas",
                text=f"## Action items\n- Ana to ship the API by 2027-02-{n + 1:02d}\n",
                extractor=RulesExtractor(),
                now=T0 + timedelta(seconds=n),
                meeting_date=T0.date(),
            )
            return attempt
        except StaleDataError:
            continue
    raise AssertionError(f"notes {n} lost the version check 20 times")


def test_notes_and_clicks_changing_one_date_serialise_on_postgresql(
    postgres_engine: Engine,
) -> None:
    with session_scope(postgres_engine) as session:
        ensure_workspace(session, team_id="T1", now=T0)
        program = add_program(session, team_id="T1", name="Atlas", now=T0)
        ana = add_person(session, team_id="T1", display_name="Ana", now=T0)
        item_id = add_item(
            session,
            team_id="T1",
            now=T0,
            program_id=program.id,
            owner_id=ana.id,
            owner_names=["Ana"],
            task="Ship the API",
            task_key="ship api",
            due_date=FIRST_DUE,
        ).id
    replicas = _replicas(postgres_engine.url.render_as_string(hide_password=False))
    start = threading.Barrier(20)
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            notes = [pool.submit(_restate, replicas[0], n, start) for n in range(10)]
            clicks = [
                pool.submit(_click_retrying, replicas[1], item_id, 3 * n + 2, start)
                for n in range(10)
            ]
            retries = [f.result(timeout=60) for f in notes + clicks]
    finally:
        for replica in replicas:
            replica.dispose()
    with Session(postgres_engine) as session:
        item = session.get(ActionItem, item_id)
        moves = session.exec(
            select(ItemHistory)
            .where(ItemHistory.item_id == item_id, ItemHistory.field == "due_date")
            .order_by(ItemHistory.id)
        ).all()
        items = session.exec(select(ActionItem)).all()
    olds, news = [m.old_value for m in moves], [m.new_value for m in moves]
    assert len(items) == 1
    assert olds == [str(FIRST_DUE), *news[:-1]]
    assert news[-1] == str(item.due_date)
    assert len(moves) == 20
    assert sum(retries) == 0, "the row locks should leave nothing for the version check"
