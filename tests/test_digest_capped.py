"""A digest reads only the lines it shows: capped, it still counts every entry and reads
exactly like the digest read whole, on both backends."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.scheduling.digest_view import LIMITS, digest_blocks, digest_text
from coordination.digest.assemble import NO_OWNER
from coordination.digest.limits import DIGEST_LINES
from coordination.digest.load import load_digest
from coordination.digest.model import Digest
from storage.db import session_scope
from storage.models import ActionItem
from tests.fakes.program_seed import CREATED, Seed

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)
OWNERS = DIGEST_LINES + 5
HEAVY = DIGEST_LINES + 5
"""Overdue items of the owner with the oldest one: more than a list shows."""
DONE, NEW = DIGEST_LINES + 7, DIGEST_LINES + 2


def _items(seed: Seed, rows: list[dict]) -> None:
    """Many items in one transaction: a program past the cap, quickly."""
    with session_scope(seed.engine) as session:
        for row in rows:
            row.setdefault("created_at", CREATED)
            session.add(
                ActionItem(
                    team_id=seed.team_id,
                    program_id=seed.program.id,
                    task_key=row["task"].lower(),
                    updated_at=row["created_at"],
                    **row,
                )
            )


def _bigger_than_the_cap(engine: Engine) -> Seed:
    """More owners with overdue items than shown (ties on the oldest date broken by name),
    one owner and the ownerless with more overdue items than shown, more done and new."""
    seed = Seed(engine)
    people = [seed.person(f"P{n:02d}", f"U{n:02d}") for n in range(OWNERS)]
    heavy = seed.person("Heavy", "UHEAVY")
    rows = [
        {"task": f"heavy {n}", "owner_id": heavy.id, "due_date": date(2026, 10, 1 + n % 4)}
        for n in range(HEAVY)
    ]
    rows += [{"task": f"nobody {n}", "due_date": date(2026, 10, 2)} for n in range(HEAVY + 1)]
    for n, person in enumerate(reversed(people)):
        for k in range(1 + n % 3):
            due = date(2026, 11, 1 + n % 4 + k)
            rows.append({"task": f"late {n}.{k}", "owner_id": person.id, "due_date": due})
    done_at = NOW - timedelta(days=2)
    rows += [
        {"task": f"done {n}", "status": "done", "completed_at": done_at + timedelta(hours=n % 5)}
        for n in range(DONE)
    ]
    rows += [
        {"task": f"new {n}", "owner_id": people[n].id, "created_at": NOW - timedelta(hours=n % 4)}
        for n in range(NEW)
    ]
    _items(seed, rows)
    return seed


def _capped_and_whole(engine: Engine) -> tuple[Digest, Digest]:
    seed = _bigger_than_the_cap(engine)
    with session_scope(engine) as session:
        capped = load_digest(session, program=seed.program, now=NOW)
        whole = load_digest(session, program=seed.program, now=NOW, lines=None)
    return capped, whole


def test_a_capped_digest_counts_every_entry_and_shows_the_first_lines(engine) -> None:
    capped, whole = _capped_and_whole(engine)

    def counts(d: Digest) -> tuple[int, int, int]:
        return d.completed_count, d.new_items_count, d.overdue_by_owner_count

    assert counts(capped) == counts(whole) == (DONE, NEW, OWNERS + 2)
    assert (len(whole.completed), len(whole.new_items)) == (DONE, NEW)
    assert capped.completed == whole.completed[:DIGEST_LINES]
    assert capped.new_items == whole.new_items[:DIGEST_LINES]
    shown = whole.overdue_by_owner[:DIGEST_LINES]
    assert [replace(o, items=o.items[:DIGEST_LINES]) for o in shown] == list(
        capped.overdue_by_owner
    )
    assert [(o.owner, o.items_count) for o in capped.overdue_by_owner[:2]] == [
        ("Heavy", HEAVY),
        (NO_OWNER, HEAVY + 1),
    ]
    cut = {"completed", "new_items", "overdue_by_owner"}
    assert replace(capped, **{name: getattr(whole, name) for name in cut}) == whole


def test_the_whole_digest_orders_owners_by_their_oldest_item_then_name(engine) -> None:
    _, whole = _capped_and_whole(engine)

    owners = whole.overdue_by_owner
    assert [o.items_count for o in owners] == [len(o.items) for o in owners]
    assert list(owners) == sorted(owners, key=lambda o: (-o.worst_days, o.owner))
    assert all(list(o.items) == sorted(o.items, key=lambda i: (i.due, i.id)) for o in owners)
    assert sum(o.items_count for o in owners) == whole.overdue_items


def test_text_and_slack_of_a_capped_digest_read_as_the_whole_one(engine) -> None:
    capped, whole = _capped_and_whole(engine)

    text = digest_text(capped, limit=DIGEST_LINES)
    assert text == digest_text(whole, limit=DIGEST_LINES)
    assert f"Completed since the last digest ({DONE})" in text
    assert f"  …and {DONE - DIGEST_LINES} more (--all" in text
    assert f"  Heavy ({HEAVY}, oldest" in text
    assert f"    …and {HEAVY - DIGEST_LINES} more (--all" in text
    assert f"  …and {OWNERS + 2 - DIGEST_LINES} more (--all" in text
    blocks = digest_blocks(capped)
    assert blocks == digest_blocks(whole)
    sections = json.dumps(blocks, ensure_ascii=False)
    assert f"*<@UHEAVY>* ({HEAVY}, oldest" in sections and f"+{HEAVY - 3} more" in sections
    assert f"…and {OWNERS + 2 - LIMITS[0]} more — see" in sections
    assert f"…and {DONE - LIMITS[0]} more — see" in sections


def test_slack_never_shows_more_lines_than_the_digest_reads() -> None:
    assert max(LIMITS) <= DIGEST_LINES


def test_a_digest_of_no_lines_per_list_is_refused(engine) -> None:
    seed = Seed(engine)
    with session_scope(engine) as session, pytest.raises(ValueError, match="at least one"):
        load_digest(session, program=seed.program, now=NOW, lines=0)
