"""What moved in each project since the last digest: the overview's trend column."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from coordination.program_view.facts import ProgramFacts


@dataclass(frozen=True, slots=True)
class ProjectTrend:
    done: int = 0
    new: int = 0
    slipped: int = 0
    """Items whose due date moved later in the period."""

    @property
    def open_change(self) -> int:
        return self.new - self.done


@dataclass(frozen=True, slots=True)
class Trends:
    since: datetime
    from_digest: bool
    """False when no digest was posted yet and the period is the past week."""
    by_project: Mapping[int | None, ProjectTrend]

    def of(self, project_id: int | None) -> ProjectTrend:
        return self.by_project.get(project_id, ProjectTrend())


def trends_since(
    facts: ProgramFacts,
    new_by_project: Mapping[int | None, int],
    *,
    since: datetime,
    from_digest: bool,
) -> Trends:
    """Done and slipped come from the facts the view already read; new items are counted
    by the database (the facts carry no creation time)."""
    project_of = {i.id: i.project_id for i in facts.items}
    done = Counter(
        i.project_id
        for i in facts.items
        if i.status == "done" and i.completed_at is not None and i.completed_at >= since
    )
    slipped_items = {
        c.item_id
        for c in facts.history
        if c.changed_at >= since and c.old_due and c.new_due and c.new_due > c.old_due
    }
    slipped = Counter(project_of.get(i) for i in slipped_items)
    keys = set(done) | set(slipped) | set(new_by_project)
    return Trends(
        since=since,
        from_digest=from_digest,
        by_project={
            k: ProjectTrend(done=done[k], new=new_by_project.get(k, 0), slipped=slipped[k])
            for k in keys
        },
    )
