"""Scope and budget remarks found in notes, stored as risks next to the items they came with."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from coordination.analysis import NoteSignal, ProjectFacts, derive_risks
from coordination.programs.directory import Directory
from extractors.models import Signal
from storage.models import Risk, Source
from storage.risks import existing_risk_keys


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
    session: Session,
    *,
    source: Source,
    signals: list[Signal],
    directory: Directory,
    now: datetime,
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
            created_at=now,
            updated_at=now,
        )
        for d in derived
        if d.key not in existing
    ]
    session.add_all(fresh)
    session.flush()
    return fresh
