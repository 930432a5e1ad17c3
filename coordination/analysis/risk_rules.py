"""One rule per signal that raises a risk, each explaining itself in a sentence."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from coordination.analysis.capacity import CapacityTable, PersonLoad, WeekLoad
from coordination.analysis.dependencies import LateItem, SlipImpact
from coordination.analysis.graph import project_of
from coordination.analysis.history import due_sequence, due_trails, redate_count
from coordination.analysis.labels import Labels
from coordination.analysis.model import DueChange, Edge, ItemFacts, NodeRef, NoteSignal

REDATES_TO_RAISE = 2


@dataclass(frozen=True, slots=True)
class DerivedRisk:
    key: str
    kind: str
    title: str
    explanation: str
    likelihood: int
    impact: int
    project_ids: tuple[int, ...] = ()
    item_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def scope(self) -> str:
        """'project:<id>' when one project carries the risk, else the whole program."""
        return f"project:{self.project_ids[0]}" if len(self.project_ids) == 1 else "program"


def impact_of_days(days: int) -> int:
    """A couple of days is absorbable; past two weeks a milestone is usually gone."""
    return 2 if days <= 2 else 3 if days <= 7 else 4 if days <= 14 else 5


def slips_into_other_projects(slips: Iterable[SlipImpact], labels: Labels) -> Iterator[DerivedRisk]:
    """One risk per (slip, other project); the slip's late items are grouped by project
    once, not scanned again for every project they reach."""
    for slip in slips:
        late_by_project: dict[int | None, list[LateItem]] = defaultdict(list)
        for x in slip.late:
            late_by_project[x.project_id].append(x)
        for project_id in slip.other_project_ids:
            late = late_by_project[project_id]
            worst = max(x.days_late for x in late)
            owners = sorted({p for x in late for p in x.owner_ids})
            yield DerivedRisk(
                key=f"slip:item:{slip.item_id}:project:{project_id}",
                kind="upstream_slip",
                title=f"{labels.task(slip.item_id)} slip hits {labels.project(project_id)}",
                explanation=(
                    f"{labels.task(slip.item_id)} ({labels.project(slip.project_id)}) now "
                    f"finishes {slip.finish}; {len(late)} item(s) in {labels.project(project_id)} "
                    f"can no longer hold their dates, up to {worst} day(s) late "
                    f"(owners: {labels.person_list(owners)})."
                ),
                likelihood=4,
                impact=impact_of_days(worst),
                project_ids=(project_id,),
                item_ids=(slip.item_id, *(x.item_id for x in late)),
                person_ids=tuple(owners),
            )


def over_capacity_two_weeks_running(
    table: CapacityTable | None, labels: Labels
) -> Iterator[DerivedRisk]:
    """One risk per person, keyed on the person so a run that rolls forward stays one risk."""
    for row in table.rows if table else ():
        run = _first_over_run(row)
        if len(run) < 2:
            continue
        weeks = "; ".join(_week_load(w) for w in run)
        yield DerivedRisk(
            key=f"overload:person:{row.person_id}",
            kind="over_capacity",
            title=f"{row.name} over capacity {len(run)} weeks running",
            explanation=f"{row.name} is over capacity {len(run)} weeks running: {weeks}.",
            likelihood=4,
            impact=3 if len(run) == 2 else 4,
            person_ids=(row.person_id,),
        )


def _week_load(week: WeekLoad) -> str:
    return f"{week.load_days:g}/{week.capacity_days:g} days in week of {week.week_start}"


def _first_over_run(row: PersonLoad) -> list[WeekLoad]:
    run: list[WeekLoad] = []
    for week in row.weeks:
        if week.over:
            run.append(week)
        elif len(run) >= 2:
            break
        else:
            run = []
    return run


def redated_repeatedly(
    items: Mapping[int, ItemFacts], history: Iterable[DueChange], labels: Labels
) -> Iterator[DerivedRisk]:
    """An open item moved twice is a date nobody believes any more."""
    for item_id, trail in due_trails(history).items():
        count = redate_count(trail)
        item = items.get(item_id) if count >= REDATES_TO_RAISE else None
        if item is None or not item.is_open:
            continue
        dates = due_sequence(trail)
        moved = (dates[-1] - dates[0]).days
        yield DerivedRisk(
            key=f"redated:item:{item_id}",
            kind="repeatedly_redated",
            title=f"{labels.task(item_id)} re-dated {count} times",
            explanation=(
                f"{labels.task(item_id)} ({labels.project(item.project_id)}, owner "
                f"{labels.person_list(item.owner_ids)}) has been re-dated {count} times: "
                f"{' → '.join(str(d) for d in dates)} ({moved:+d} days in all)."
            ),
            likelihood=min(5, count + 1),
            impact=3,
            project_ids=() if item.project_id is None else (item.project_id,),
            item_ids=(item_id,),
            person_ids=item.owner_ids,
        )


def blocked_past_need_by(
    edges: Iterable[Edge], items: Mapping[int, ItemFacts], today: date, labels: Labels
) -> Iterator[DerivedRisk]:
    for edge in edges:
        if edge.status != "blocked" or edge.need_by is None or edge.need_by >= today:
            continue
        days = (today - edge.need_by).days
        down, up = _describe(edge.downstream, labels), _describe(edge.upstream, labels)
        yield DerivedRisk(
            key=f"blocked:edge:{edge.id}",
            kind="blocked_past_need_by",
            title=f"{down} still blocked on {up}",
            explanation=(
                f"{down} is blocked on {up}, which was needed by {edge.need_by} "
                f"({days} day(s) ago)."
            ),
            likelihood=5,
            impact=impact_of_days(days),
            project_ids=_projects_of((edge.upstream, edge.downstream), items),
            item_ids=tuple(r.id for r in (edge.upstream, edge.downstream) if r.kind == "item"),
        )


def _describe(ref: NodeRef, labels: Labels) -> str:
    return labels.task(ref.id) if ref.kind == "item" else f"project {labels.project(ref.id)}"


def _projects_of(refs: Iterable[NodeRef], items: Mapping[int, ItemFacts]) -> tuple[int, ...]:
    found = {project_of(ref, items) for ref in refs}
    return tuple(sorted(p for p in found if p is not None))


def mentioned_in_notes(signals: Iterable[NoteSignal], labels: Labels) -> Iterator[DerivedRisk]:
    """Keyed on what was said, not where, so the same notes ingested twice raise one risk."""
    for signal in signals:
        what = signal.kind.replace("_", " ")
        where = labels.project(signal.project_id)
        yield DerivedRisk(
            key=f"note:{signal.kind}:{signal.project_id}:{_digest(signal.text)}",
            kind=signal.kind,
            title=f"{what.capitalize()} mentioned for {where}",
            explanation=(
                f"Notes ({signal.source_id}, {signal.seen_at:%Y-%m-%d}) mention a {what} "
                f'for {where}: "{signal.text.strip()}"'
            ),
            likelihood=3,
            impact=3,
            project_ids=() if signal.project_id is None else (signal.project_id,),
        )


def _digest(text: str) -> str:
    """Stable across processes (unlike hash()), and blind to case and spacing."""
    normal = " ".join(text.lower().split())
    return hashlib.sha1(normal.encode()).hexdigest()[:12]
