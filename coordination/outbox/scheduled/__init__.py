"""The clock-driven sends (reminders, escalations, digests, slip alerts), each deciding
what is due and taking the outbox's one claim -> compose -> send -> stamp path."""

from coordination.outbox.scheduled.compose import Composer
from coordination.outbox.scheduled.digests import post_digest, post_due_digests
from coordination.outbox.scheduled.reminders import claim_due_reminders, run_reminder_sweep
from coordination.outbox.scheduled.slip_alerts import send_slip_alerts

__all__ = [
    "Composer",
    "claim_due_reminders",
    "post_digest",
    "post_due_digests",
    "run_reminder_sweep",
    "send_slip_alerts",
]
