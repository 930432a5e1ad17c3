"""Clock-driven sends: reminder sweeps, weekly digests and slip alerts.

`start_scheduler(engine, clients, clock=clock)` is what `followthrough serve` and
`followthrough scheduler` start (`clients`: one WebClient, or a lookup by team id when
workspaces install through OAuth); the functions of `sends` are the same work, callable
once (CLI, tests). What is due, its claim and its stamps are `coordination.outbox`'s.
"""

from bot.scheduling.scheduler import start_scheduler
from bot.scheduling.sends import post_digest, post_due_digests, run_reminder_sweep, send_slip_alerts

__all__ = [
    "post_digest",
    "post_due_digests",
    "run_reminder_sweep",
    "send_slip_alerts",
    "start_scheduler",
]
