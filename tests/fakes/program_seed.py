"""Building small programs for scheduler tests: people, projects, items, history."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from storage.db import session_scope
from storage.models import ActionItem, ItemHistory, Person, Program, Project, Source
from storage.workspaces import ensure_workspace

TEAM = "T1"
CREATED = datetime(2026, 11, 1, tzinfo=UTC)
"""When every seeded row was written, unless a test says otherwise: well before the
dates the tests sweep and digest at."""


def _add(session: Session, row: Any) -> Any:
    session.add(row)
    session.flush()
    return row


class Seed:
    """One workspace and program; every add commits so sweeps see it at once."""

    def __init__(self, engine: Engine, *, team_id: str = TEAM, timezone: str = "UTC") -> None:
        self.engine, self.team_id = engine, team_id
        with session_scope(engine) as session:
            ensure_workspace(session, team_id=team_id, now=CREATED)
            self.program = _add(
                session,
                Program(
                    team_id=team_id,
                    name="Launch",
                    digest_channel="C1",
                    timezone=timezone,
                    created_at=CREATED,
                ),
            )

    def person(self, name: str, slack_id: str | None, **fields: Any) -> Person:
        fields.setdefault("work_start", time(9))
        fields.setdefault("created_at", CREATED)
        with session_scope(self.engine) as session:
            return _add(
                session,
                Person(team_id=self.team_id, display_name=name, slack_user_id=slack_id, **fields),
            )

    def project(self, name: str, lead: Person | None = None, **fields: Any) -> Project:
        fields.setdefault("created_at", CREATED)
        with session_scope(self.engine) as session:
            return _add(
                session,
                Project(
                    team_id=self.team_id,
                    program_id=self.program.id,
                    name=name,
                    lead_id=lead.id if lead else None,
                    **fields,
                ),
            )

    def source(self, permalink: str) -> Source:
        with session_scope(self.engine) as session:
            return _add(
                session,
                Source(
                    team_id=self.team_id,
                    program_id=self.program.id,
                    kind="thread",
                    permalink=permalink,
                    occurred_at=CREATED,
                    content_hash=permalink[-60:],
                    text="notes",
                    created_at=CREATED,
                ),
            )

    def item(self, task: str, owner: Person | None, due: date | None, **fields: Any) -> ActionItem:
        fields.setdefault("created_at", CREATED)
        fields.setdefault("updated_at", fields["created_at"])
        with session_scope(self.engine) as session:
            return _add(
                session,
                ActionItem(
                    team_id=self.team_id,
                    program_id=self.program.id,
                    owner_id=owner.id if owner else None,
                    task=task,
                    task_key=task.lower()[:200],
                    due_date=due,
                    **fields,
                ),
            )

    def redate(self, item: ActionItem, old: date, new: date, at: datetime, **fields: Any) -> None:
        with session_scope(self.engine) as session:
            session.add(
                ItemHistory(
                    team_id=self.team_id,
                    item_id=item.id,
                    field="due_date",
                    old_value=old.isoformat(),
                    new_value=new.isoformat(),
                    changed_at=at,
                    **fields,
                )
            )
            row = session.get(ActionItem, item.id)
            row.due_date = new

    def update(self, item: ActionItem, **fields: Any) -> None:
        with session_scope(self.engine) as session:
            row = session.get(ActionItem, item.id)
            for name, value in fields.items():
                setattr(row, name, value)

    def update_program(self, **fields: Any) -> None:
        with session_scope(self.engine) as session:
            row = session.get(Program, self.program.id)
            for name, value in fields.items():
                setattr(row, name, value)
                setattr(self.program, name, value)
