"""The outbox: every message the bot sends, claimed under a unique key, sent once.

Replies, reminders, escalations, slip alerts and digests all take one path: claim the
key in the transaction that decides to send (and stamps what the decision changes),
compose the payload, hand it to a `Sender`, stamp the Slack ts. A claim whose holder
died is taken over after its lease, and the sender looks for the earlier attempt in
Slack before posting again. The domain owns the path; the Slack edge only provides the
`Sender` and the `Composer` that turns plain records into message payloads.
"""

from coordination.outbox.records import Outgoing, SendOutcome
from coordination.outbox.sender import SendDeferred, Sender, SendRefused
from coordination.outbox.service import (
    claim,
    claim_stamped,
    deliver,
    fail_pending,
    redeliver_expired,
    resume,
    send_claimed,
    send_once,
    sent_ts,
    settle_at_most_once,
    was_claimed,
)

__all__ = [
    "Outgoing",
    "SendDeferred",
    "SendOutcome",
    "SendRefused",
    "Sender",
    "claim",
    "claim_stamped",
    "deliver",
    "fail_pending",
    "redeliver_expired",
    "resume",
    "send_claimed",
    "send_once",
    "sent_ts",
    "settle_at_most_once",
    "was_claimed",
]
