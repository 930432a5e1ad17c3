"""Clock-driven sends: reminder sweeps and weekly digests.

`start_scheduler(engine, clients, clock=clock)` is what `followthrough serve` and
`followthrough scheduler` start (`clients`: one WebClient, or a lookup by team id when
workspaces install through OAuth); `run_reminder_sweep` and `post_digest` are the same
work, callable once (CLI, tests).
"""

from bot.scheduling.digest_job import post_digest, post_due_digests
from bot.scheduling.reminder_job import run_reminder_sweep
from bot.scheduling.scheduler import start_scheduler

__all__ = ["post_digest", "post_due_digests", "run_reminder_sweep", "start_scheduler"]
