"""What the outbox needs from the edge that reaches Slack: one call that sends a claim."""

from __future__ import annotations

from datetime import timedelta
from typing import Protocol

from coordination.errors import PermanentError
from storage.models import Delivery


class SendDeferred(Exception):
    """Not now: Slack was unreachable, rate limited, or the message a file belongs under
    is not posted yet. The claim is kept and tried again after `retry_in`."""

    def __init__(self, reason: str, retry_in: timedelta) -> None:
        super().__init__(reason)
        self.retry_in = retry_in


class SendRefused(PermanentError):
    """Slack refused for good (the channel is gone, the token revoked): the claim fails
    at once with this reason, and a job that sent it fails without retrying."""


class Sender(Protocol):
    """Sends one claimed delivery and returns its Slack ts (a file's id for an upload).

    A delivery with `attempts > 0` was taken over from a holder that may have reached
    Slack before it died: the sender must look for that earlier attempt (the key is in
    the message's metadata) and return its ts instead of posting again. Failures are
    raised as `SendDeferred` or `SendRefused`.
    """

    def send(self, delivery: Delivery) -> str: ...
