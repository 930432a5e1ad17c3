"""Building the analysis's plain records in tests."""

from __future__ import annotations

from datetime import date, datetime

from coordination.analysis import ItemFacts


def make_item(
    id: int,
    *,
    project: int | None = 1,
    owners: tuple[int, ...] = (),
    due: date | None = None,
    estimate: float | None = None,
    status: str = "open",
    task: str | None = None,
    completed: datetime | None = None,
) -> ItemFacts:
    return ItemFacts(
        id=id,
        project_id=project,
        owner_ids=tuple(owners),
        task=task or f"task {id}",
        status=status,
        due=due,
        estimate_days=estimate,
        completed_at=completed,
    )
