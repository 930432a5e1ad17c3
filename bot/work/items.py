"""Button clicks, Edit modal submissions and :white_check_mark: reactions: change the
item, then redraw it in place.

Every change goes through coordination.items.actions, which writes history and is
idempotent on its outcome, so a click delivered twice changes the item once. A click
in an ephemeral message (a slash answer) is redrawn through its response_url: Slack
keeps no ephemeral message that chat.update could find.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.deps import BotDeps
from bot.job_kinds import ItemActionPayload, ItemClick, ItemEditPayload, ReactionPayload
from bot.people import person_for_user
from bot.replies import ReplyFailedError, reply_once, respond_once
from bot.sending import PERMANENT_ERRORS, REFUSED_PAYLOAD, Message, error_code
from bot.views import edit_modal
from bot.views import items as views
from bot.views.blockkit import MESSAGE, fallback_text, finish
from bot.views.mine import MINE
from bot.views.summary import problem
from bot.work.commands import mine_answer
from bot.work.home import publish_home
from coordination.db import session_scope
from coordination.errors import UserError
from coordination.items import actions as item_actions
from coordination.items.lookup import items_with_ids, require_item
from coordination.items.messages import item_at_message
from coordination.items.records import ActionItem
from coordination.items.views import ItemView, view_items
from coordination.jobs import Job

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
    return require_item(session, **ids)  # Edit changes nothing: it opens the full controls


def _redrawn(view: ItemView, blocks: list[dict] | None) -> list[dict]:
    replacement = views.item_blocks(view)
    return views.replace_item(blocks, view.id, replacement) if blocks else replacement


def update_message(
    deps: BotDeps, team_id: str, channel: str, ts: str, text: str, blocks: list[dict]
) -> None:
    """chat.update within Slack's limits; blocks Slack still refuses give way to the
    text alone, and a message that cannot be updated fails the job with Slack's reason."""
    client = deps.client_for(team_id)
    update = {"channel": channel, "ts": ts, "text": fallback_text(text)}
    try:
        client.chat_update(**update, blocks=finish(blocks, MESSAGE))
    except SlackApiError as error:
        if error_code(error) in REFUSED_PAYLOAD:
            client.chat_update(**update, blocks=[])
        elif error_code(error) in PERMANENT_ERRORS | {"message_not_found", "cant_update_message"}:
            raise ReplyFailedError(f"Slack refused the update: {error_code(error)}") from error
        else:
            raise


def _redraw_ephemeral(deps: BotDeps, job: Job, click: ItemClick, url: str, view: ItemView) -> None:
    """An ephemeral message cannot be read back or updated, only replaced through its
    response_url: a `mine` list is answered again, anything else shows the item."""
    if click.list == MINE:
        text, blocks = mine_answer(deps, job.team_id, click.user)
    else:
        text, blocks = views.describe(view), views.item_blocks(view)
    respond_once(deps, job, url, text=text, blocks=blocks, purpose="redraw", replace=True)


def _redraw(
    deps: BotDeps, job: Job, click: ItemClick, view: ItemView, blocks: list[dict] | None
) -> None:
    """`blocks`: the message as it stands (the click's, or rebuilt from the modal's outline)."""
    if click.container == "view":
        publish_home(deps, job.team_id, click.user)
    elif click.response_url and (click.ephemeral or not click.message_ts):
        _redraw_ephemeral(deps, job, click, click.response_url, view)
    elif click.channel and click.message_ts:
        update_message(
            deps,
            job.team_id,
            click.channel,
            click.message_ts,
            views.describe(view),
            _redrawn(view, blocks),
        )


def run_item_action(deps: BotDeps, job: Job, payload: ItemActionPayload) -> None:
    now = deps.clock()
    value: str | int | None = payload.value
    try:
        if payload.action_id == views.ACTION_REASSIGN:
            client = deps.client_for(job.team_id)
            person = person_for_user(
                deps.engine, client, team_id=job.team_id, user_id=value, now=now
            )
            value = person.id
        with session_scope(deps.engine) as session:
            item = _apply(
                session,
                job.team_id,
                payload.action_id,
                payload.item_id,
                value,
                f"slack:{payload.user}",
                now,
            )
            view = view_items(session, [item])[0]
    except UserError as error:
        if payload.response_url:
            respond_once(deps, job, payload.response_url, text=problem(error))
        return
    _redraw(deps, job, payload, view, payload.blocks)


def _owner_person_id(deps: BotDeps, job: Job, user: str | None, now: datetime) -> int | None:
    """The chosen Slack user as a Person (users.info the first time), before the
    transaction that edits, so no Slack call happens inside it."""
    if not user:
        return None
    client = deps.client_for(job.team_id)
    return person_for_user(deps.engine, client, team_id=job.team_id, user_id=user, now=now).id


def _message_blocks(session: Session, team_id: str, shape: list[dict]) -> list[dict] | None:
    """The edited item's message redrawn from the modal's outline; the other items
    come from storage in one query."""
    found = items_with_ids(session, team_id=team_id, item_ids=edit_modal.outline_items(shape))
    views_by_id = {v.id: v for v in view_items(session, found)}
    return edit_modal.render_outline(shape, views_by_id) or None


def _tell(deps: BotDeps, job: Job, click: ItemClick, error: UserError) -> None:
    text = problem(error)
    if click.response_url:
        respond_once(deps, job, click.response_url, text=text)
    else:
        reply_once(deps, job, Message(click.user, text))


def run_item_edit(deps: BotDeps, job: Job, payload: ItemEditPayload) -> None:
    """An Edit modal's submission: every field at once through the domain, then the
    item's message redrawn where the Edit button was clicked."""
    now = deps.clock()
    try:
        owner_person_id = _owner_person_id(deps, job, payload.owner_user, now)
        with session_scope(deps.engine) as session:
            item = item_actions.edit_item(
                session,
                team_id=job.team_id,
                item_id=payload.item_id,
                task=payload.task,
                owner_person_id=owner_person_id,
                due=payload.due,
                project_id=payload.project_id,
                actor=f"slack:{payload.user}",
                now=now,
            )
            view = view_items(session, [item])[0]
            blocks = _message_blocks(session, job.team_id, payload.outline or [])
    except UserError as error:
        _tell(deps, job, payload, error)
        return
    _redraw(deps, job, payload, view, blocks)


def run_reaction(deps: BotDeps, job: Job, payload: ReactionPayload) -> None:
    with session_scope(deps.engine) as session:
        item_id = item_at_message(
            session, team_id=job.team_id, channel=payload.channel, ts=payload.ts
        )
        if item_id is None:
            return
        item = item_actions.mark_done(
            session,
            team_id=job.team_id,
            item_id=item_id,
            actor=f"slack:{payload.user}",
            now=deps.clock(),
        )
        view = view_items(session, [item])[0]
    update_message(
        deps,
        job.team_id,
        payload.channel,
        payload.ts,
        views.describe(view),
        views.item_blocks(view),
    )
