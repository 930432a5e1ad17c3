"""Edit: the button opens a modal at once; the modal's submission becomes a job.

Slack's trigger_id lasts 3 seconds, so the click's listener reads the form in two
queries and calls views.open before it acks; nothing else happens there. The
submission is validated in the listener (field errors keep the modal open) and the
change itself runs as a job, like every other button.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import job_kinds
from bot.deps import BotDeps
from bot.listeners.accept import accept, team_of
from bot.views import edit_modal
from coordination.db import session_scope
from coordination.errors import UserError
from coordination.items.actions import edit_form

log = logging.getLogger(__name__)

LOCATION_KEYS = ("container", "ephemeral", "list", "channel", "message_ts", "response_url")


def _modal(deps: BotDeps, team_id: str, item_id: int, click: dict[str, Any]) -> dict[str, Any]:
    try:
        with session_scope(deps.engine) as session:
            form = edit_form(session, team_id=team_id, item_id=item_id)
    except UserError as error:
        return edit_modal.notice_modal(str(error))
    location = {key: click.get(key) for key in LOCATION_KEYS if click.get(key)}
    metadata = edit_modal.metadata(item_id, location, click.get("blocks"))
    return edit_modal.edit_modal(form, metadata)


def open_editor(
    deps: BotDeps, client: WebClient, body: dict[str, Any], click: dict[str, Any]
) -> None:
    """Called from the item buttons' listener with the click already parsed.

    Each click has its own trigger_id, so a re-delivered click fails here
    (the trigger is spent) and opens nothing twice; that failure is only logged."""
    view = _modal(deps, team_of(body), click["item_id"], click)
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except SlackApiError as error:
        log.warning("edit modal not opened", extra={"error": error.response.get("error")})


def _job_payload(body: dict[str, Any], submission: edit_modal.EditSubmission) -> dict[str, Any]:
    where = edit_modal.read_metadata(body["view"].get("private_metadata", ""))
    return {
        **where,
        "user": body["user"]["id"],
        "task": submission.task,
        "owner_user": submission.owner_user,
        "due": submission.due.isoformat() if submission.due else None,
        "project_id": submission.project_id,
    }


def register(app: App, deps: BotDeps) -> None:
    def accept_submission(
        ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext
    ) -> None:
        submission, errors = edit_modal.read_submission(view["state"]["values"])
        if submission is None:
            ack(response_action="errors", errors=errors)
            return
        accept(
            deps,
            context,
            body,
            kind=job_kinds.ITEM_EDIT,
            payload=_job_payload(body, submission),
            dedupe_key=f"edit:{view['id']}",
        )
        ack()

    app.view(edit_modal.CALLBACK_ID)(ack=accept_submission, lazy=[])
