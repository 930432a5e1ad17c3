"""The outbox's `Composer` for Slack: the domain's plans and digests as message payloads."""

from __future__ import annotations

import base64
from typing import Any

from bot.scheduling.digest_view import digest_message
from bot.scheduling.reminder_views import escalation_message, reminder_message
from bot.scheduling.slip_views import slip_message
from bot.uploads import file_name_for
from coordination.dependencies.slip_alerts import SlipAlert
from coordination.digest.model import Digest
from coordination.program_view.view import ProgramView
from coordination.reminders.plan import EscalationPlan, ReminderPlan


class SlackComposer:
    """Block Kit through the views in bot/; payloads as `bot.sending.Message` stores them."""

    def reminder(self, plan: ReminderPlan) -> dict[str, Any]:
        return reminder_message(plan).as_payload()

    def escalation(self, plan: EscalationPlan) -> dict[str, Any]:
        return escalation_message(plan).as_payload()

    def digest(self, digest: Digest, *, channel: str, page_url: str | None) -> dict[str, Any]:
        return digest_message(digest, channel, page_url=page_url).as_payload()

    def digest_picture(
        self, digest: Digest, view: ProgramView, *, channel: str, key: str, thread_of: str
    ) -> dict[str, Any] | None:
        """The PNG rides in the payload (base64), so a take-over uploads the same file."""
        # matplotlib loads here, not when the CLI or the bot start.
        from charts.digest_picture import digest_picture_png

        png = digest_picture_png(digest, view)
        if png is None:
            return None
        return {
            "channel": channel,
            "thread_of": thread_of,
            "filename": file_name_for(key),
            "title": f"{digest.program}: friction between projects, {digest.week}",
            "alt_text": "Capacity heatmap of people over capacity and bars of slipped dates",
            "file_base64": base64.b64encode(png).decode(),
        }

    def slip_alerts(self, user: str, alerts: list[SlipAlert]) -> dict[str, Any]:
        return slip_message(user, alerts).as_payload()


SLACK_COMPOSER = SlackComposer()
