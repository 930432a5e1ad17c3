"""The item table: columns for the whole-program counts, the same records back out."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coordination.analysis.stats import Tally
from coordination.analysis.table import NONE, ItemTable
from tests.analysis_records import make_item

TODAY = date(2026, 11, 25)
DONE_AT = datetime(2026, 11, 20, 17, tzinfo=UTC)
ITEMS = [
    make_item(7, project=1, owners=(3,), due=date(2026, 11, 20)),
    make_item(2, project=None, owners=(3, 4), estimate=2.0),
    make_item(9, project=2, status="done", due=date(2026, 11, 21), completed=DONE_AT),
    make_item(4, project=2, status="cancelled"),
]


def test_the_table_gives_back_the_very_records_it_was_made_from() -> None:
    table = ItemTable.of(ITEMS)
    assert list(table) == ITEMS
    assert [table.item(n) for n in range(len(table))] == ITEMS
    assert dict(table.by_id) == {i.id: i for i in ITEMS}


def test_open_items_are_only_the_open_ones_looked_up_by_id() -> None:
    table = ItemTable.of(ITEMS)
    assert sorted(table.open_items) == [2, 7]
    assert 9 not in table.open_items and table.open_items[7] == ITEMS[0]


def test_missing_projects_and_dates_are_marked_and_effort_has_its_default() -> None:
    table = ItemTable.of(ITEMS)
    assert table.project.tolist() == [1, NONE, 2, 2]
    assert table.due.tolist()[:2] == [date(2026, 11, 20).toordinal(), NONE]
    assert table.effort.tolist() == [1.0, 2.0, 1.0, 1.0]
    assert table.finished.tolist() == [NONE, NONE, DONE_AT.toordinal(), NONE]


def test_an_item_with_two_owners_gives_each_half_its_effort() -> None:
    table = ItemTable.of(ITEMS)
    assert list(zip(table.pair_item.tolist(), table.pair_owner.tolist(), strict=True)) == [
        (0, 3),
        (1, 3),
        (1, 4),
    ]
    assert table.pair_share.tolist() == [1.0, 1.0, 1.0]


def test_completion_times_stored_naive_come_back_in_utc() -> None:
    naive = DONE_AT.replace(tzinfo=None)
    fields = tuple(zip(*ITEMS, strict=True))
    table = ItemTable.from_fields((*fields[:7], (None, None, naive, None)))
    assert table.item(2).completed_at == DONE_AT
    assert list(table)[2].completed_at.tzinfo is UTC


def test_items_by_project_keeps_row_order_and_names_every_project_asked() -> None:
    table = ItemTable.of([*ITEMS, make_item(1, project=1)])
    assert table.open_items.ids_by_project({1, 2, 5}) == {1: [7, 1], 2: [], 5: []}


def test_tallies_count_open_overdue_and_on_time_per_project() -> None:
    tallies = Tally.per_project(ItemTable.of(ITEMS), TODAY)
    assert (tallies[1].open, tallies[1].overdue) == (1, 1)
    assert (tallies[None].open, tallies[None].overdue) == (1, 0)
    assert (tallies[2].done, tallies[2].done_with_due, tallies[2].done_on_time) == (1, 1, 1)


def test_an_empty_table_has_empty_columns() -> None:
    table = ItemTable.of([])
    assert len(table) == 0 and list(table) == [] and table.pair_item.size == 0
    assert table.open_items.ids_by_project({1}) == {1: []}
    assert Tally.per_project(table, TODAY) == {}
