"""Button clicks, Edit modal submissions and :white_check_mark: reactions: change the
item, then redraw it in place.

Every change goes through coordination.item_actions, which writes history and is
idempotent on its outcome, so a click delivered twice changes the item once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from slack_sdk.webhook import WebhookClient
from sqlmodel import Session

from bot.deps import BotDeps
from bot.people import person_for_user
from bot.replies import reply_once, respond_once
from bot.sending import Message
from bot.views import edit_modal
from bot.views import items as views
from bot.work.home import publish_home
from coordination import item_actions
from coordination.errors import UserError
from coordination.item_messages import item_at_message
from coordination.item_views import ItemView, view_items
from storage.db import session_scope
from storage.items import get_item, items_by_ids
from storage.models import ActionItem, Job

SNOOZE_DAYS = {views.ACTION_SNOOZE_DAY: 1, views.ACTION_SNOOZE_WEEK: 7}


def _apply(
    session: Session, team_id: str, action: str, item_id: int, value: Any, actor: str, now: datetime
) -> ActionItem:
    ids = {"team_id": team_id, "item_id": item_id}
    if action == views.ACTION_DONE:
        return item_actions.mark_done(session, **ids, actor=actor, now=now)
    if action == views.ACTION_DISMISS:
        return item_actions.dismiss(session, **ids, actor=actor, now=now)
    if action == views.ACTION_CONFIRM:
        return item_actions.confirm(session, **ids, actor=actor, now=now)
    if action in SNOOZE_DAYS:
        until = now + timedelta(days=SNOOZE_DAYS[action])
        return item_actions.snooze(session, **ids, until=until, actor=actor, now=now)
    if action == views.ACTION_DUE:
        due = date.fromisoformat(value)
        return item_actions.set_due(session, **ids, due=due, actor=actor, now=now)
    if action == views.ACTION_REASSIGN:
        return item_actions.reassign(session, **ids, person_id=value, actor=actor, now=now)
    item = get_item(session, **ids)  # Edit changes nothing: it opens the full controls
    if item is None:
        raise UserError(f"item #{item_id} does not exist (it may have been removed).")
    return item


def _redrawn(view: ItemView, blocks: list[dict] | None) -> list[dict]:
    replacement = views.item_blocks(view)
    return views.replace_item(blocks, view.id, replacement) if blocks else replacement


def _redraw(deps: BotDeps, job: Job, view: ItemView, blocks: list[dict] | None = None) -> None:
    """`blocks` is the message as it stands when the job has no click's blocks to hand."""
    payload = job.payload
    blocks = _redrawn(view, blocks or payload.get("blocks"))
    text = views.describe(view)
    if payload.get("container") == "view":
        publish_home(deps, job.team_id, payload["user"])
    elif payload.get("channel") and payload.get("message_ts"):
        deps.client_for(job.team_id).chat_update(
            channel=payload["channel"], ts=payload["message_ts"], text=text, blocks=blocks
        )
    elif payload.get("response_url"):
        WebhookClient(payload["response_url"]).send(text=text, blocks=blocks, replace_original=True)


def run_item_action(deps: BotDeps, job: Job) -> None:
    payload, now = job.payload, deps.clock()
    value = payload.get("value")
    try:
        if payload["action_id"] == views.ACTION_REASSIGN:
            client = deps.client_for(job.team_id)
            person = person_for_user(
                deps.engine, client, team_id=job.team_id, user_id=value, now=now
            )
            value = person.id
        with session_scope(deps.engine) as session:
            item = _apply(
                session,
                job.team_id,
                payload["action_id"],
                payload["item_id"],
                value,
                f"slack:{payload['user']}",
                now,
            )
            view = view_items(session, [item])[0]
    except UserError as error:
        if payload.get("response_url"):
            respond_once(deps, job, payload["response_url"], text=f":warning: {error}")
        return
    _redraw(deps, job, view)


def _owner_person_id(deps: BotDeps, job: Job, now: datetime) -> int | None:
    """The chosen Slack user as a Person (users.info the first time), before the
    transaction that edits, so no Slack call happens inside it."""
    user = job.payload.get("owner_user")
    if not user:
        return None
    client = deps.client_for(job.team_id)
    return person_for_user(deps.engine, client, team_id=job.team_id, user_id=user, now=now).id


def _message_blocks(session: Session, team_id: str, shape: list[dict]) -> list[dict] | None:
    """The edited item's message redrawn from the modal's outline; the other items
    come from storage in one query."""
    found = items_by_ids(session, team_id=team_id, item_ids=edit_modal.outline_items(shape))
    views_by_id = {v.id: v for v in view_items(session, found)}
    return edit_modal.render_outline(shape, views_by_id) or None


def _tell(deps: BotDeps, job: Job, error: UserError) -> None:
    text = f":warning: {error}"
    if job.payload.get("response_url"):
        respond_once(deps, job, job.payload["response_url"], text=text)
    else:
        reply_once(deps, job, Message(job.payload["user"], text))


def run_item_edit(deps: BotDeps, job: Job) -> None:
    """An Edit modal's submission: every field at once through the domain, then the
    item's message redrawn where the Edit button was clicked."""
    payload, now = job.payload, deps.clock()
    try:
        owner_person_id = _owner_person_id(deps, job, now)
        with session_scope(deps.engine) as session:
            item = item_actions.edit_item(
                session,
                team_id=job.team_id,
                item_id=payload["item_id"],
                task=payload["task"],
                owner_person_id=owner_person_id,
                due=date.fromisoformat(payload["due"]) if payload.get("due") else None,
                project_id=payload.get("project_id"),
                actor=f"slack:{payload['user']}",
                now=now,
            )
            view = view_items(session, [item])[0]
            blocks = _message_blocks(session, job.team_id, payload.get("outline") or [])
    except UserError as error:
        _tell(deps, job, error)
        return
    _redraw(deps, job, view, blocks)


def run_reaction(deps: BotDeps, job: Job) -> None:
    payload = job.payload
    with session_scope(deps.engine) as session:
        item_id = item_at_message(
            session, team_id=job.team_id, channel=payload["channel"], ts=payload["ts"]
        )
        if item_id is None:
            return
        item = item_actions.mark_done(
            session,
            team_id=job.team_id,
            item_id=item_id,
            actor=f"slack:{payload['user']}",
            now=deps.clock(),
        )
        view = view_items(session, [item])[0]
    deps.client_for(job.team_id).chat_update(
        channel=payload["channel"],
        ts=payload["ts"],
        text=views.describe(view),
        blocks=views.item_blocks(view),
    )
