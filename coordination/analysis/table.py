"""A program's items as one table: numpy columns for the counts, records on demand.

The per-project tallies, the weekly workload, the project staff and the open-work scans
read every one of a program's items; at 200,000 items a Python step (and a record) per
item was most of a status. The table keeps each field as a column, so those run as
array operations, and builds an `ItemFacts` only for an item somebody looks up (a
label, a node of the dependency graph) or when a caller walks every item.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property, partial
from itertools import chain
from typing import Any

import numpy as np

from coordination.analysis.model import DEFAULT_ESTIMATE_DAYS, ItemFacts

NONE = -1
"""Stands for a missing project, owner or date (ids and ordinals are positive)."""

OPEN, DONE, CANCELLED = 0, 1, 2
STATUS_CODES = {"open": OPEN, "done": DONE, "cancelled": CANCELLED}

Fields = tuple[Sequence[Any], ...]
"""The items' fields as columns, in `ItemFacts`' order. Completion times are UTC and may
be naive (as storage returns them: attaching the zone to every one cost more than the
query), so the zone is attached when a record is made."""


def ordinal(day: date | None) -> int:
    return NONE if day is None else day.toordinal()


def _or(values: np.ndarray, missing: float) -> np.ndarray:
    """None came in as NaN (numpy's float conversion): replaced by `missing`."""
    return np.where(np.isnan(values), missing, values)


def _codes(values: Sequence[Any], code_of: Callable[[Any], Any], dtype: type) -> np.ndarray:
    """Each value's code, computed once per distinct value rather than once per item."""
    table = {value: code_of(value) for value in set(values)}
    return np.fromiter(map(table.__getitem__, values), dtype=dtype, count=len(values))


def shared(values: Sequence[Hashable]) -> Iterator[Any]:
    """Each value replaced by the first equal one, so repeats (statuses, dates, owner
    tuples) are one object each rather than one per row."""
    return map({v: v for v in set(values)}.__getitem__, values)


@dataclass(frozen=True, eq=False)
class ItemTable:
    """Row n of every column is the n-th item. The pair columns hold one row per (item,
    owner), so an item with several owners splits its effort evenly among them."""

    fields: Fields
    id: np.ndarray
    project: np.ndarray
    status: np.ndarray
    due: np.ndarray
    finished: np.ndarray
    """The date (UTC) an item was completed, as an ordinal."""
    effort: np.ndarray
    """The estimate, or the default effort for an item without one."""
    pair_item: np.ndarray
    pair_owner: np.ndarray
    pair_share: np.ndarray

    @classmethod
    def of(cls, items: Iterable[ItemFacts]) -> ItemTable:
        items = list(items)
        empty: Fields = tuple(() for _ in ItemFacts._fields)
        return cls.from_fields(tuple(zip(*items, strict=True)) if items else empty)

    @classmethod
    def from_fields(cls, fields: Iterable[Iterable[Any]]) -> ItemTable:
        """Each column converted by numpy or by a lookup per distinct value. The
        columns are kept as tuples: the garbage collector stops tracking a tuple of
        plain values after one look, where a list of 200,000 is walked by every
        collection for as long as the table lives."""
        columns: Fields = tuple(map(tuple, fields))
        ids, projects, owners, _, statuses, dues, estimates, completed = columns
        counts = np.fromiter(map(len, owners), dtype=np.int64, count=len(ids))
        effort = _or(np.array(estimates, dtype=np.float64), DEFAULT_ESTIMATE_DAYS)
        pair_item = np.repeat(np.arange(len(ids), dtype=np.int64), counts)
        return cls(
            fields=columns,
            id=np.array(ids, dtype=np.int64),
            project=_or(np.array(projects, dtype=np.float64), NONE).astype(np.int64),
            status=_codes(statuses, STATUS_CODES.__getitem__, np.int8),
            due=_codes(dues, ordinal, np.int64),
            finished=_codes(completed, lambda at: NONE if at is None else at.toordinal(), np.int64),
            effort=effort,
            pair_item=pair_item,
            pair_owner=np.fromiter(chain.from_iterable(owners), dtype=np.int64, count=counts.sum()),
            pair_share=(effort / np.maximum(counts, 1))[pair_item],
        )

    def __len__(self) -> int:
        return len(self.fields[0])

    def __iter__(self) -> Iterator[ItemFacts]:
        """Every item as a record, built as the caller walks (C-level, no Python step)."""
        *fields, completed = self.fields
        return map(_new_item, zip(*fields, map(_utc, completed), strict=True))

    def item(self, row: int) -> ItemFacts:
        return _record(self.fields, row)

    @cached_property
    def by_id(self) -> ItemsById:
        return ItemsById.of_rows(self, np.arange(len(self), dtype=np.int64))

    @cached_property
    def open_items(self) -> ItemsById:
        """The open items only, by id: what scheduling and the dependency graph read."""
        return ItemsById.of_rows(self, np.flatnonzero(self.status == OPEN))


_new_item = partial(tuple.__new__, ItemFacts)


def _record(fields: Fields, row: int) -> ItemFacts:
    ids, projects, owners, tasks, statuses, dues, estimates, completed = fields
    return _new_item(
        (
            ids[row],
            projects[row],
            owners[row],
            tasks[row],
            statuses[row],
            dues[row],
            estimates[row],
            _utc(completed[row]),
        )
    )


def _utc(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def as_table(items: ItemTable | Iterable[ItemFacts]) -> ItemTable:
    """The table itself, or one made from records (a test's handful, a caller's list)."""
    return items if isinstance(items, ItemTable) else ItemTable.of(items)


@dataclass(frozen=True, eq=False)
class ItemsById(Mapping[int, ItemFacts]):
    """Some rows of a table, looked up by item id; a record is made on first lookup and
    kept, so a graph walk that visits a node many times builds it once. It holds the
    table's columns, not the table, so the table can cache it without a reference
    cycle (which would keep a whole program alive until a full collection)."""

    fields: Fields
    id: np.ndarray
    project: np.ndarray
    due: np.ndarray
    effort: np.ndarray
    rows: np.ndarray
    _made: dict[int, ItemFacts] = field(default_factory=dict)

    @classmethod
    def of_rows(cls, table: ItemTable, rows: np.ndarray) -> ItemsById:
        return cls(table.fields, table.id, table.project, table.due, table.effort, rows)

    @cached_property
    def _row_of(self) -> dict[int, int]:
        rows = self.rows.tolist()
        return dict(zip(self.id[self.rows].tolist(), rows, strict=True))

    @cached_property
    def effort_by_id(self) -> dict[int, float]:
        """Each item's effort in days, without making its record (the critical path
        reads only this, over every linked item)."""
        return dict(zip(self.id[self.rows].tolist(), self.effort[self.rows].tolist(), strict=True))

    def __getitem__(self, item_id: int) -> ItemFacts:
        found = self.get(item_id)
        if found is None:
            raise KeyError(item_id)
        return found

    def get(self, item_id: int, default: ItemFacts | None = None) -> ItemFacts | None:  # type: ignore[override]
        """Mapping's own `get` goes through a raised KeyError for every miss; graph
        walks ask about project nodes and linked items by the tens of thousands."""
        made = self._made.get(item_id)
        if made is None:
            row = self._row_of.get(item_id)
            if row is None:
                return default
            made = self._made[item_id] = _record(self.fields, row)
        return made

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._row_of

    def __iter__(self) -> Iterator[int]:
        return iter(self._row_of)

    def __len__(self) -> int:
        return len(self.rows)

    def ids_by_project(self, project_ids: Iterable[int]) -> Mapping[int, list[int]]:
        """These rows' item ids grouped by project, for the projects asked about, in
        row order within a project."""
        wanted = list(project_ids)
        rows = self.rows[np.isin(self.project[self.rows], wanted)]
        rows = rows[np.argsort(self.project[rows], kind="stable")]
        found: dict[int, list[int]] = {p: [] for p in wanted}
        if not rows.size:
            return found
        present, starts = np.unique(self.project[rows], return_index=True)
        for project_id, ids in zip(
            present.tolist(), np.split(self.id[rows], starts[1:]), strict=True
        ):
            found[project_id] = ids.tolist()
        return found
