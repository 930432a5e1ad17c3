"""What the outbox is asked to send and what became of it: plain records, no Slack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from storage.models import Delivery

__all__ = ["Delivery", "Outgoing", "SendOutcome", "Status"]

Status = Literal["sent", "duplicate", "retry", "failed"]


@dataclass(frozen=True)
class Outgoing:
    """A send decided on. `key` makes it exactly-once; `payload` is what the sender needs
    (a message's channel, text and blocks, or a file), stored with the claim so a
    take-over sends what the first holder composed."""

    key: str
    kind: str
    target: str
    subject: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class SendOutcome:
    """`duplicate`: someone else holds or sent the key; `retry`: a later attempt finishes it."""

    status: Status
    ts: str | None = None
    error: str | None = None
