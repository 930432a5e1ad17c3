"""Job kinds and the payload each one carries, checked where a job is enqueued and again
where it is handled.

Payloads are stored as JSON in the job row, so the shape is the one listeners have
always written: a kind's model describes it, it does not change it. Enqueueing checks
strictly (an unknown key is a typo, raised at the call site); a stored payload is read
leniently about keys the model no longer names, and one that no longer fits fails its
job at once with the field that does not fit, instead of retrying what cannot work.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from coordination.errors import PermanentError

THREAD = "thread"
NOTES = "notes"
FILE = "file"
MENTION_HELP = "mention_help"
MENTION_STATUS = "mention_status"
COMMAND = "command"
ITEM_ACTION = "item_action"
ITEM_EDIT = "item_edit"
REACTION = "reaction"
HOME = "home"
TRACK_OFFERED = "track_offered"

Blocks = list[dict[str, Any]]


class JobPayload(BaseModel):
    """`event_id` is added by `accept` for work that came as an event (for the logs)."""

    model_config = ConfigDict(extra="forbid")

    event_id: str | None = None


class MessagePayload(JobPayload):
    """A mention, or the message shortcut (which also has a response_url)."""

    channel: str
    ts: str | None
    thread_ts: str | None
    user: str | None
    text: str
    response_url: str | None = None


class FilePayload(JobPayload):
    file_id: str
    channel: str | None
    user: str | None


class CommandRequest(JobPayload):
    """What a command needs to be answered, wherever it was asked (`@bot status` too)."""

    name: str
    args: dict[str, str]
    user: str
    channel: str | None


class CommandPayload(CommandRequest):
    response_url: str


class ItemClick(JobPayload):
    """Who clicked an item, and where it was shown, so the answer redraws that place."""

    user: str
    container: str | None = None
    ephemeral: bool = False
    list: str = ""
    channel: str | None = None
    message_ts: str | None = None
    response_url: str | None = None


class ItemActionPayload(ItemClick):
    action_id: str
    item_id: int
    value: str | None
    blocks: Blocks | None


class ItemEditPayload(ItemClick):
    item_id: int
    outline: Blocks | None = None
    task: str
    owner_user: str | None
    due: date | None
    project_id: int | None


class ReactionPayload(JobPayload):
    channel: str
    ts: str
    user: str


class HomePayload(JobPayload):
    user: str


class TrackOfferedPayload(JobPayload):
    value: str
    user: str
    channel: str | None
    thread_ts: str | None


PAYLOADS: dict[str, type[JobPayload]] = {
    THREAD: MessagePayload,
    NOTES: MessagePayload,
    MENTION_HELP: MessagePayload,
    MENTION_STATUS: MessagePayload,
    FILE: FilePayload,
    COMMAND: CommandPayload,
    ITEM_ACTION: ItemActionPayload,
    ITEM_EDIT: ItemEditPayload,
    REACTION: ReactionPayload,
    HOME: HomePayload,
    TRACK_OFFERED: TrackOfferedPayload,
}


class JobPayloadError(ValueError):
    """A job enqueued with a payload its kind does not take: a bug at the call site."""


class StoredPayloadError(PermanentError):
    """A stored job whose payload no longer fits its kind: running it again cannot help."""


def _problems(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'payload'}: {e['msg']}" for e in error.errors()
    )


def _model(kind: str) -> type[JobPayload]:
    if kind not in PAYLOADS:
        raise JobPayloadError(f"unknown job kind {kind!r}; known: {', '.join(sorted(PAYLOADS))}")
    return PAYLOADS[kind]


def checked_payload(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload to store, as given (only the keys set), once it fits `kind`'s model."""
    model = _model(kind)
    try:
        parsed = model.model_validate(payload)
    except ValidationError as error:
        raise JobPayloadError(
            f"a {kind!r} job needs a {model.__name__}: {_problems(error)}"
        ) from error
    return parsed.model_dump(mode="json", exclude_unset=True)


def stored_payload(kind: str, job_id: int | None, payload: Any) -> JobPayload:
    """A stored payload read back as the model its runner takes (keys the model no
    longer names are dropped, values coerced), or StoredPayloadError naming the field."""
    model = PAYLOADS.get(kind)
    if model is None:
        raise StoredPayloadError(f"job {job_id} has kind {kind!r}, which no handler runs")
    try:
        parsed = model.model_validate(payload, extra="ignore")
    except ValidationError as error:
        raise StoredPayloadError(
            f"job {job_id}'s stored payload no longer fits {model.__name__}: {_problems(error)}"
        ) from error
    return parsed
