"""Ingest: notes or a thread in, tracked items out.

Extraction (possibly a slow model call) runs outside any transaction; everything it
produces is then written in one transaction, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from sqlalchemy import Engine
from sqlmodel import Session

from coordination.dates import local_date, parse_timezone
from coordination.dependencies.from_notes import record_dependencies
from coordination.errors import UserError
from coordination.ingest.notes_input import refuse_unreadable
from coordination.ingest.reconcile import ReconcileOutcome, reconcile
from coordination.programs.directory import Directory, load_directory
from coordination.programs.service import require_program
from coordination.risks.from_notes import record_signals
from extractors.models import (
    ExtractedItem,
    ExtractionRequest,
    ExtractionResult,
    Extractor,
    SourceKind,
    Utterance,
)
from storage.db import session_scope
from storage.models import ActionItem, Program, Source
from storage.sources import add_source, find_source_by_hash, find_thread_source


@dataclass(frozen=True)
class SourceMeta:
    kind: SourceKind = "notes"
    title: str = ""
    channel_id: str | None = None
    thread_ts: str | None = None
    permalink: str | None = None


@dataclass
class IngestReport:
    source_id: int
    extractor: str
    already_ingested: bool = False
    created: list[ActionItem] = field(default_factory=list)
    updated: list[ActionItem] = field(default_factory=list)
    unchanged: list[ActionItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mentioned: list[ExtractedItem] = field(default_factory=list)
    """Untagged promises beside the notes' own action list: offered, never stored."""


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _meeting_time(meeting_date: date, timezone: str) -> datetime:
    return datetime.combine(meeting_date, time(12, 0), tzinfo=parse_timezone(timezone)).astimezone(
        UTC
    )


def _previous_source(
    session: Session, team_id: str, program: Program, meta: SourceMeta, digest: str
) -> Source | None:
    if meta.channel_id and meta.thread_ts:
        thread = find_thread_source(
            session, team_id=team_id, channel_id=meta.channel_id, thread_ts=meta.thread_ts
        )
        if thread is not None:
            return thread
    return find_source_by_hash(session, team_id=team_id, program_id=program.id, content_hash=digest)


def _load_context(
    engine: Engine, team_id: str, program_name: str, project_name: str | None
) -> tuple[Program, Directory, int | None]:
    with session_scope(engine) as session:
        program = require_program(session, team_id=team_id, name=program_name)
        directory = load_directory(session, team_id=team_id, program_id=program.id)
    project_id = None
    if project_name:
        project = directory.find_project(project_name)
        if project is None:
            known = ", ".join(p.name for p in directory.projects) or "none yet"
            raise UserError(
                f"unknown project {project_name!r} in program {program.name!r} (known: {known}); "
                f"add it with `followthrough project add`."
            )
        project_id = project.id
    return program, directory, project_id


def ingest_text(
    engine: Engine,
    *,
    team_id: str,
    program_name: str,
    text: str,
    extractor: Extractor,
    now: datetime,
    meeting_date: date | None = None,
    project_name: str | None = None,
    meta: SourceMeta | None = None,
    utterances: list[Utterance] | None = None,
) -> IngestReport:
    """`meeting_date` defaults to the day of `now` in the program's timezone; `now` also
    stamps everything stored, so the digest counts the items as new from then.

    A conversation comes as `utterances` (who said what, when); `text` is then its
    rendering, stored as the source and compared to tell a grown thread from a re-read.
    """
    refuse_unreadable(text, "These notes")
    meta = meta or SourceMeta()
    program, directory, project_id = _load_context(engine, team_id, program_name, project_name)
    meeting_date = meeting_date or local_date(program.timezone, now)
    digest = content_hash(text)
    with session_scope(engine) as session:
        previous = _previous_source(session, team_id, program, meta, digest)
        if previous is not None and previous.content_hash == digest:
            return IngestReport(
                source_id=previous.id, extractor=previous.extractor, already_ingested=True
            )
    request = ExtractionRequest(
        text=text,
        utterances=utterances,
        meeting_date=meeting_date,
        timezone=program.timezone,
        people=directory.known_people(),
        projects=directory.known_projects(),
        source_kind=meta.kind,
    )
    result = extractor.extract(request)
    return _store(
        engine, program, directory, project_id, meta, text, digest, meeting_date, result, now
    )


def _store(
    engine: Engine,
    program: Program,
    directory: Directory,
    project_id: int | None,
    meta: SourceMeta,
    text: str,
    digest: str,
    meeting_date: date,
    result: ExtractionResult,
    now: datetime,
) -> IngestReport:
    with session_scope(engine) as session:
        source = _upsert_source(
            session, program, meta, text, digest, meeting_date, result.extractor, now
        )
        outcome: ReconcileOutcome = reconcile(
            session,
            extracted_items=result.items,
            directory=directory,
            source=source,
            default_project_id=project_id,
            now=now,
        )
        refused = record_dependencies(
            session, source=source, pairs=outcome.pairs, directory=directory, now=now
        )
        record_signals(session, source=source, signals=result.signals, directory=directory, now=now)
        return IngestReport(
            source_id=source.id,
            extractor=result.extractor,
            created=outcome.created,
            updated=outcome.updated,
            unchanged=outcome.unchanged,
            warnings=[*result.warnings, *outcome.warnings, *refused],
            mentioned=list(result.mentioned),
        )


def _upsert_source(
    session: Session,
    program: Program,
    meta: SourceMeta,
    text: str,
    digest: str,
    meeting_date: date,
    extractor_name: str,
    now: datetime,
) -> Source:
    """A grown thread replaces its text; anything else is a new source."""
    previous = _previous_source(session, program.team_id, program, meta, digest)
    if previous is not None:
        previous.text, previous.content_hash, previous.extractor = text, digest, extractor_name
        session.add(previous)
        session.flush()
        return previous
    return add_source(
        session,
        team_id=program.team_id,
        now=now,
        program_id=program.id,
        kind=meta.kind,
        channel_id=meta.channel_id,
        thread_ts=meta.thread_ts,
        permalink=meta.permalink,
        title=meta.title,
        occurred_at=_meeting_time(meeting_date, program.timezone),
        content_hash=digest,
        text=text,
        extractor=extractor_name,
    )
