"""Dependencies and risk signals found in notes, stored next to the items they came with."""

from __future__ import annotations

from sqlmodel import Session

from coordination.analysis import NoteSignal, ProjectFacts, derive_risks
from coordination.directory import Directory
from coordination.text_match import task_key, task_similarity
from extractors.models import ExtractedItem, Signal
from storage.models import ActionItem, Dependency, Risk, Source
from storage.risks import existing_risk_keys


def _upstream_item(target: str, items: list[ActionItem]) -> ActionItem | None:
    best = max(items, key=lambda item: task_similarity(item.task, target), default=None)
    if best is not None and task_similarity(best.task, target) >= 0.5:
        return best
    return None


def record_dependencies(
    session: Session,
    *,
    source: Source,
    extracted: list[ExtractedItem],
    items: list[ActionItem],
    directory: Directory,
) -> list[Dependency]:
    """'blocked by X' becomes an edge X -> item, where X is a known project or item.

    An X we cannot place is still kept, as an edge with only its description, so the
    digest can show what the team said it is waiting on.
    """
    by_key = {item.task_key: item for item in items}
    created: list[Dependency] = []
    for extracted_item in extracted:
        downstream = by_key.get(task_key(extracted_item.task))
        if downstream is None:
            continue
        for dependency in extracted_item.dependencies:
            name = dependency.target_project or dependency.target
            project = directory.find_project(name)
            upstream = None if project else _upstream_item(dependency.target, items)
            edge = Dependency(
                team_id=source.team_id,
                program_id=source.program_id,
                upstream_project_id=project.id if project else None,
                upstream_item_id=upstream.id if upstream and upstream.id != downstream.id else None,
                downstream_item_id=downstream.id,
                status="blocked" if dependency.kind == "blocked_by" else "open",
                description=f"{dependency.kind.replace('_', ' ')} {dependency.target}",
            )
            session.add(edge)
            created.append(edge)
    session.flush()
    return created


def _note_signals(source: Source, signals: list[Signal], directory: Directory) -> list[NoteSignal]:
    where = source.title or f"source {source.id}"
    found = []
    for signal in signals:
        project = directory.find_project(signal.project) if signal.project else None
        found.append(
            NoteSignal(
                kind=signal.kind,
                text=signal.text,
                project_id=project.id if project else None,
                source_id=f"{where}, line {signal.line}",
                seen_at=source.occurred_at,
            )
        )
    return found


def record_signals(
    session: Session, *, source: Source, signals: list[Signal], directory: Directory
) -> list[Risk]:
    """Scope and budget remarks become risks, keyed on what was said: the same remark in
    a later meeting's notes does not raise the risk again."""
    projects = [ProjectFacts(id=p.id, name=p.name) for p in directory.projects]
    notes = _note_signals(source, signals, directory)
    derived = derive_risks(today=source.occurred_at.date(), projects=projects, signals=notes)
    existing = existing_risk_keys(session, team_id=source.team_id, keys=[d.key for d in derived])
    fresh = [
        Risk(
            team_id=source.team_id,
            program_id=source.program_id,
            project_id=d.project_ids[0] if d.project_ids else None,
            scope="project" if d.project_ids else "program",
            title=d.title,
            explanation=d.explanation,
            likelihood=d.likelihood,
            impact=d.impact,
            origin=f"notes:{d.kind}",
            dedupe_key=d.key,
        )
        for d in derived
        if d.key not in existing
    ]
    session.add_all(fresh)
    session.flush()
    return fresh
