"""Items the notes only mentioned: offered in the reply with a Track button, stored only
when a person chooses to track one.

The offer travels in the button itself (task, owner, due date, project), so tracking
needs nothing kept between the reply and the click; a second click on the same offer
finds the item already tracked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session

from coordination.errors import UserError
from coordination.ingest.text_match import same_task, task_key
from coordination.programs.directory import load_directory
from extractors.models import ExtractedItem
from storage.items import add_item, live_items_by_task_key, record_change
from storage.models import ActionItem, Program

MAX_VALUE = 2000
"""Slack's limit on a button's value."""


@dataclass(frozen=True)
class Offer:
    task: str
    owner: str | None
    owner_key: str | None
    due: date | None
    project: str | None


def offer_value(item: ExtractedItem) -> str:
    """The button value for one mentioned item, inside Slack's 2,000 characters."""
    owner = item.owners[0] if item.owners else None
    fields = {
        "task": item.task,
        "owner": owner.name if owner else None,
        "key": owner.person_key if owner else None,
        "due": item.due.isoformat() if item.due else None,
        "project": item.project,
    }
    value = json.dumps(fields, separators=(",", ":"))
    overflow = len(value) - MAX_VALUE
    if overflow > 0:
        fields["task"] = item.task[: max(len(item.task) - overflow - 1, 1)] + "…"
        value = json.dumps(fields, separators=(",", ":"))
    return value


def read_offer(value: str) -> Offer:
    try:
        fields = json.loads(value)
        due = date.fromisoformat(fields["due"]) if fields.get("due") else None
        return Offer(
            fields["task"], fields.get("owner"), fields.get("key"), due, fields.get("project")
        )
    except (ValueError, KeyError, TypeError) as error:
        raise UserError(
            "this Track button is damaged; add the item with /followthrough add."
        ) from error


def track_offer(
    session: Session, *, program: Program, offer: Offer, actor: str, now: datetime
) -> tuple[ActionItem, bool]:
    """(the item, whether it was new): an offer already tracked is not tracked twice."""
    key = task_key(offer.task)
    scope = {"team_id": program.team_id, "program_id": program.id}
    directory = load_directory(session, team_id=program.team_id, program_id=program.id)
    owner = directory.person_by_key().get(offer.owner_key or "") or (
        directory.find_person(offer.owner) if offer.owner else None
    )
    for item in live_items_by_task_key(session, **scope, task_keys=[key]).get(key, []):
        if same_task(item.task, offer.task) and item.owner_id == (owner.id if owner else None):
            return item, False
    project = directory.find_project(offer.project) if offer.project else None
    item = add_item(
        session,
        team_id=program.team_id,
        now=now,
        program_id=program.id,
        project_id=project.id if project else None,
        owner_id=owner.id if owner else None,
        owner_names=[offer.owner] if offer.owner else [],
        task=offer.task,
        task_key=key,
        due_date=offer.due,
        confidence=1.0,
    )
    record_change(
        session, item=item, field="created", old=None, new="open", changed_by=actor, now=now
    )
    return item, True
