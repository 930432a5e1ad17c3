"""The dashboard's reads: workspace check first, then a fixed handful of queries."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coordination.dashboard.graph import DependencyGraph, dependency_graph, with_permalinks
from coordination.dashboard.items import (
    PAGE_SIZE,
    Choice,
    ItemQuery,
    ItemRow,
    ItemsPage,
    item_rows,
)
from coordination.dashboard.trends import Trends, trends_since
from coordination.items.views import find_items
from coordination.program_view.exports import items_csv
from coordination.program_view.facts import ProgramFacts, load_program_facts
from coordination.program_view.view import ProgramView, local_today, program_view_of
from storage import item_pages
from storage.digest_rows import last_digest_at
from storage.items import ItemFilter
from storage.models import Program
from storage.program_rows import people_rows
from storage.programs import list_projects

TREND_WITHOUT_DIGEST = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class ProgramRef:
    id: int
    name: str
    team_id: str


@dataclass(frozen=True, slots=True)
class ProgramPage:
    program: ProgramRef
    facts: ProgramFacts
    view: ProgramView


def _ref(program: Program) -> ProgramRef:
    return ProgramRef(program.id, program.name, program.team_id)


def _utc(moment: datetime) -> datetime:
    """SQLite hands back aggregates of aware columns without their zone."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Dashboard:
    """Every read takes the workspaces the reader belongs to: a program of any other
    workspace is answered as if it did not exist."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def programs(self, team_ids: Collection[str]) -> list[ProgramRef]:
        with Session(self.engine) as session:
            statement = select(Program).where(col(Program.team_id).in_(list(team_ids)))
            return [_ref(p) for p in session.exec(statement.order_by(Program.name, Program.id))]

    def _program(
        self, session: Session, team_ids: Collection[str], program_id: int
    ) -> Program | None:
        program = session.get(Program, program_id)
        return program if program is not None and program.team_id in team_ids else None

    def _page(self, session: Session, program: Program, now: datetime) -> ProgramPage:
        facts = load_program_facts(session, program=program)
        view = program_view_of(facts, today=local_today(program, now), now=now)
        return ProgramPage(_ref(program), facts, view)

    def page(self, team_ids: Collection[str], program_id: int, now: datetime) -> ProgramPage | None:
        """The program view and the facts it was computed from (seven queries)."""
        with Session(self.engine) as session:
            program = self._program(session, team_ids, program_id)
            return None if program is None else self._page(session, program, now)

    def overview(
        self, team_ids: Collection[str], program_id: int, now: datetime
    ) -> tuple[ProgramPage, Trends] | None:
        with Session(self.engine) as session:
            program = self._program(session, team_ids, program_id)
            if program is None:
                return None
            page = self._page(session, program, now)
            last = last_digest_at(session, team_id=program.team_id, program_id=program.id)
            since = _utc(last) if last else now - TREND_WITHOUT_DIGEST
            new = item_pages.new_items_by_project(
                session, team_id=program.team_id, program_id=program.id, since=since
            )
        return page, trends_since(page.facts, new, since=since, from_digest=last is not None)

    def dependencies(
        self, team_ids: Collection[str], program_id: int, now: datetime
    ) -> tuple[ProgramPage, DependencyGraph] | None:
        with Session(self.engine) as session:
            program = self._program(session, team_ids, program_id)
            if program is None:
                return None
            page = self._page(session, program, now)
            graph = dependency_graph(page.view, page.facts)
            drawn = {n.ref.id for n in graph.nodes if n.ref.kind == "item"}
            links = item_pages.item_permalinks(session, team_id=program.team_id, item_ids=drawn)
        return page, with_permalinks(graph, links)

    def _filter(self, program: Program, query: ItemQuery, now: datetime) -> ItemFilter:
        return ItemFilter(
            program_id=program.id,
            owner_id=query.owner_id,
            project_id=query.project_id,
            status=query.status,
            overdue_on=local_today(program, now) if query.overdue else None,
        )

    def items(
        self, team_ids: Collection[str], program_id: int, query: ItemQuery, now: datetime
    ) -> tuple[ProgramRef, ItemsPage] | None:
        """Seven queries for any page of any program."""
        with Session(self.engine) as session:
            program = self._program(session, team_ids, program_id)
            if program is None:
                return None
            team = program.team_id
            where = self._filter(program, query, now)
            rows = item_pages.item_page_rows(
                session,
                team_id=team,
                where=where,
                limit=PAGE_SIZE,
                offset=(max(query.page, 1) - 1) * PAGE_SIZE,
            )
            ids = [r.id for r in rows]
            history = item_pages.history_of_items(session, team_id=team, item_ids=ids)
            sources = {r.source_id for r in rows if r.source_id and r.evidence_start}
            texts = item_pages.source_texts(session, team_id=team, source_ids=sources)
            page = ItemsPage(
                rows=item_rows(rows, history, texts, local_today(program, now)),
                total=item_pages.count_items(session, team_id=team, where=where),
                query=query,
                people=_choices(
                    (pid, name)
                    for pid, name, _, _ in people_rows(session, team_id=team, program_id=program.id)
                ),
                projects=_choices(
                    (p.id, p.name)
                    for p in list_projects(session, team_id=team, program_id=program.id)
                ),
            )
        return _ref(program), page

    def item(
        self, team_ids: Collection[str], program_id: int, item_id: int, now: datetime
    ) -> tuple[ProgramRef, ItemRow] | None:
        with Session(self.engine) as session:
            program = self._program(session, team_ids, program_id)
            if program is None:
                return None
            team = program.team_id
            row = item_pages.item_row(session, team_id=team, program_id=program.id, item_id=item_id)
            if row is None:
                return None
            history = item_pages.history_of_items(session, team_id=team, item_ids=[row.id])
            texts = item_pages.source_texts(
                session, team_id=team, source_ids=[row.source_id] if row.source_id else []
            )
            [found] = item_rows([row], history, texts, local_today(program, now))
        return _ref(program), found

    def items_csv(
        self, team_ids: Collection[str], program_id: int, query: ItemQuery, now: datetime
    ) -> tuple[ProgramRef, str] | None:
        """Every matching item, not one page: the same CSV as `followthrough items --csv`."""
        with Session(self.engine) as session:
            program = self._program(session, team_ids, program_id)
            if program is None:
                return None
            found = find_items(
                session, team_id=program.team_id, where=self._filter(program, query, now)
            )
            today = local_today(program, now)
        return _ref(program), items_csv(found, {program.id: today})


def _choices(pairs: object) -> tuple[Choice, ...]:
    return tuple(sorted((Choice(i, n) for i, n in pairs), key=lambda c: (c.name.lower(), c.id)))
