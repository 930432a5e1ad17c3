"""Merging extracted items into what the program already tracks.

Re-ingesting the same notes, or a grown thread, must not duplicate items; an item
restated in a later meeting updates the existing one and its history says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from coordination.ingest.text_match import same_task, task_key
from coordination.items.actions import change_due, change_owner
from coordination.programs.directory import Directory
from extractors.models import ExtractedItem
from storage.items import (
    add_item,
    live_items_by_task_key,
    open_items_for_owners,
    record_change,
)
from storage.models import ActionItem, Person, Source
from storage.models.item import QUOTE_LENGTH

RESTATED_SIMILARITY = 0.75


@dataclass
class ReconcileOutcome:
    created: list[ActionItem] = field(default_factory=list)
    updated: list[ActionItem] = field(default_factory=list)
    unchanged: list[ActionItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    pairs: list[tuple[ExtractedItem, ActionItem]] = field(default_factory=list)
    """Each extracted item with the item it became, so what it waits on lands on it."""


def _resolve_owner(extracted: ExtractedItem, directory: Directory) -> int | None:
    by_key = directory.person_by_key()
    for owner in extracted.owners:
        person = by_key.get(owner.person_key or "") or directory.find_person(owner.name)
        if person is not None:
            return person.id
    return None


def _same_owner(item: ActionItem, owner_id: int | None, extracted: ExtractedItem) -> bool:
    """Resolved owners compare by person; owners known only by name compare as written.

    An item whose owner was unknown when first read matches a restatement that now
    resolves to a person of that name; an item without owners matches only another.
    """
    if item.owner_id is not None and owner_id is not None:
        return item.owner_id == owner_id
    written = {name.strip().lower().lstrip("@") for name in item.owner_names}
    said = {o.name.strip().lower().lstrip("@") for o in extracted.owners}
    return written == said if not written or not said else bool(written & said)


def _find_existing(
    extracted: ExtractedItem, owner_id: int | None, candidates: list[ActionItem]
) -> ActionItem | None:
    """The same owner's item with the same task: equal content words, or a close
    rewording; never one whose task differs in a number, identifier or name."""
    mine = [item for item in candidates if _same_owner(item, owner_id, extracted)]
    for similarity in (1.0, RESTATED_SIMILARITY):
        for item in mine:
            if similarity < 1.0 and item.status != "open":
                continue
            if same_task(item.task, extracted.task, similarity=similarity):
                return item
    return None


def _apply_restatement(
    session: Session,
    item: ActionItem,
    extracted: ExtractedItem,
    owner: Person | None,
    source: Source,
    now: datetime,
) -> bool:
    """Updates due date and owner when the later notes say something new; returns changed.

    The task takes the latest wording, so "by Friday" does not linger after a re-date.
    The item is read again under a row lock first: a click may have changed it since
    the candidates were loaded.
    """
    session.flush()
    session.refresh(item, with_for_update=True)
    if extracted.task != item.task:
        item.task, item.task_key = extracted.task, task_key(extracted.task)
    moved = extracted.due is not None and change_due(
        session, item, extracted.due, actor="notes", now=now, source_id=source.id
    )
    passed_on = owner is not None and change_owner(
        session, item, owner, actor="notes", now=now, source_id=source.id
    )
    return moved or passed_on


def _create(
    session: Session,
    extracted: ExtractedItem,
    *,
    owner_id: int | None,
    project_id: int | None,
    source: Source,
    now: datetime,
) -> ActionItem:
    item = add_item(
        session,
        team_id=source.team_id,
        now=now,
        program_id=source.program_id,
        source_id=source.id,
        project_id=project_id,
        owner_id=owner_id,
        owner_names=[o.name for o in extracted.owners],
        task=extracted.task,
        task_key=task_key(extracted.task),
        due_date=extracted.due,
        confidence=extracted.confidence,
        evidence_start=extracted.evidence[0],
        evidence_end=extracted.evidence[1],
        quote=_quote(extracted.quote),
        flags=list(extracted.flags),
    )
    record_change(
        session,
        item=item,
        field="created",
        old=None,
        new=item.status,
        changed_by="notes",
        now=now,
        source_id=source.id,
    )
    return item


def _restatable_items(
    session: Session, source: Source, extracted_items: list[ExtractedItem], owners: list[int | None]
) -> list[ActionItem]:
    """Items an extracted one may restate: same task key, or open work of the same owners.

    Two queries whatever the number of items, never one per item.
    """
    scope = {"team_id": source.team_id, "program_id": source.program_id}
    by_key = live_items_by_task_key(
        session, **scope, task_keys=[task_key(e.task) for e in extracted_items]
    )
    found = {item.id: item for items in by_key.values() for item in items}
    owner_ids = [o for o in owners if o is not None]
    for item in open_items_for_owners(session, **scope, owner_ids=owner_ids):
        found.setdefault(item.id, item)
    return list(found.values())


def _unknown_owner_warning(extracted: ExtractedItem) -> str:
    names = ", ".join(o.name for o in extracted.owners)
    return (
        f"owner {names!r} of {extracted.task[:60]!r} is not a known person; the item is kept "
        "without an owner to remind (add them with `followthrough person add`)."
    )


def reconcile(
    session: Session,
    *,
    extracted_items: list[ExtractedItem],
    directory: Directory,
    source: Source,
    default_project_id: int | None,
    now: datetime,
) -> ReconcileOutcome:
    outcome = ReconcileOutcome()
    owners = [_resolve_owner(extracted, directory) for extracted in extracted_items]
    restatable = _restatable_items(session, source, extracted_items, owners)
    for extracted, owner_id in zip(extracted_items, owners, strict=True):
        if owner_id is None and extracted.owners:
            outcome.warnings.append(_unknown_owner_warning(extracted))
        existing = _find_existing(extracted, owner_id, restatable)
        if existing is None:
            project = directory.find_project(extracted.project) if extracted.project else None
            project_id = project.id if project else default_project_id
            item = _create(
                session,
                extracted,
                owner_id=owner_id,
                project_id=project_id,
                source=source,
                now=now,
            )
            restatable.append(item)
            outcome.created.append(item)
            outcome.pairs.append((extracted, item))
            continue
        if _apply_restatement(
            session, existing, extracted, directory.person(owner_id), source, now
        ):
            outcome.updated.append(existing)
        else:
            outcome.unchanged.append(existing)
        outcome.pairs.append((extracted, existing))
    return outcome


def _quote(written: str | None) -> str | None:
    """One line, cut to fit the column: enough to recognise what was said."""
    if not written:
        return None
    line = " ".join(written.split())
    return line if len(line) <= QUOTE_LENGTH else line[: QUOTE_LENGTH - 1] + "…"
