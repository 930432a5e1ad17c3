"""One person's view of the work: what they owe, and what they wait on from others.

App Home and `/followthrough mine` show this; it is plain data so both render it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from coordination.items.views import ItemView, find_items, view_items
from storage.items import ItemFilter
from storage.models import ActionItem, Dependency, Program


@dataclass(frozen=True)
class WaitingOn:
    mine: ItemView
    theirs: ItemView


def my_open_items(session: Session, *, team_id: str, person_id: int, today: date) -> list[ItemView]:
    """Overdue first (oldest due first), then dated, then undated."""
    items = find_items(
        session, team_id=team_id, where=ItemFilter(owner_id=person_id, status="open")
    )
    return sorted(items, key=lambda i: (not (i.due and i.due < today), i.due or date.max, i.id))


def waiting_on_others(session: Session, *, team_id: str, person_id: int) -> list[WaitingOn]:
    """My open items that depend on someone else's open item."""
    mine = select(ActionItem.id).where(
        ActionItem.team_id == team_id,
        ActionItem.owner_id == person_id,
        ActionItem.status == "open",
    )
    edges = session.exec(
        select(Dependency).where(
            Dependency.team_id == team_id,
            col(Dependency.downstream_item_id).in_(mine),
            col(Dependency.upstream_item_id).is_not(None),
            Dependency.status != "resolved",
        )
    ).all()
    ids = {e.downstream_item_id for e in edges} | {e.upstream_item_id for e in edges}
    rows = session.exec(
        select(ActionItem).where(ActionItem.team_id == team_id, col(ActionItem.id).in_(ids))
    ).all()
    views = {v.id: v for v in view_items(session, list(rows))}
    owners = {row.id: row.owner_id for row in rows}
    return [
        WaitingOn(mine=views[e.downstream_item_id], theirs=views[e.upstream_item_id])
        for e in edges
        if views[e.upstream_item_id].status == "open" and owners[e.upstream_item_id] != person_id
    ]


def programs_of(session: Session, *, team_id: str, person_id: int) -> list[Program]:
    """Programs where the person owns open work: the ones whose health they care about."""
    owned = select(ActionItem.program_id).where(
        ActionItem.team_id == team_id,
        ActionItem.owner_id == person_id,
        ActionItem.status == "open",
    )
    statement = select(Program).where(Program.team_id == team_id, col(Program.id).in_(owned))
    return list(session.exec(statement.order_by(Program.name)))
