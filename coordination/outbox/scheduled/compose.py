"""How the edge turns the domain's plain records into payloads the `Sender` can send.

The domain decides what goes out, to whom and under which key; the words, blocks and
pictures are the edge's (Block Kit and Slack's limits live in bot/). Payloads are
stored with the claim, so a take-over sends exactly what was composed.
"""

from __future__ import annotations

from typing import Any, Protocol

from coordination.dependencies.slip_alerts import SlipAlert
from coordination.digest.model import Digest
from coordination.program_view.view import ProgramView
from coordination.reminders.plan import EscalationPlan, ReminderPlan

Payload = dict[str, Any]


class Composer(Protocol):
    def reminder(self, plan: ReminderPlan) -> Payload: ...

    def escalation(self, plan: EscalationPlan) -> Payload: ...

    def digest(self, digest: Digest, *, channel: str, page_url: str | None) -> Payload: ...

    def digest_picture(
        self, digest: Digest, view: ProgramView, *, channel: str, key: str, thread_of: str
    ) -> Payload | None:
        """The week's picture as a file payload, uploaded under the message `thread_of`;
        None when the week has nothing to draw."""
        ...

    def slip_alerts(self, user: str, alerts: list[SlipAlert]) -> Payload: ...
