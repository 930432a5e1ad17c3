"""The scheduler's knobs, from the environment like the rest of the settings."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from coordination.reminders.policy import (
    BACKOFF_WORKING_DAYS,
    ESCALATE_AFTER_NUDGES,
    ReminderPolicy,
)


class SchedulerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    sweep_minutes: float = Field(default=5.0, gt=0, alias="FOLLOWTHROUGH_SWEEP_MINUTES")
    digest_tick_seconds: float = Field(
        default=60.0,
        gt=0,
        alias="FOLLOWTHROUGH_DIGEST_TICK_SECONDS",
        description="How often each replica asks whether a digest is due (cheap when not).",
    )
    slip_alert_minutes: float = Field(
        default=30.0,
        gt=0,
        alias="FOLLOWTHROUGH_SLIP_ALERT_MINUTES",
        description="How often slips are propagated to alert downstream owners: a full "
        "program view per program, so less often than the reminder sweep.",
    )
    prune_minutes: float = Field(
        default=60.0,
        gt=0,
        alias="FOLLOWTHROUGH_PRUNE_MINUTES",
        description="How often finished work past FOLLOWTHROUGH_RETENTION_DAYS is pruned.",
    )
    escalate_after: int = Field(
        default=ESCALATE_AFTER_NUDGES, ge=1, alias="FOLLOWTHROUGH_ESCALATE_AFTER"
    )
    backoff_working_days: tuple[int, ...] = Field(
        default=BACKOFF_WORKING_DAYS, alias="FOLLOWTHROUGH_BACKOFF_WORKING_DAYS"
    )

    def policy(self) -> ReminderPolicy:
        return ReminderPolicy(
            backoff_working_days=self.backoff_working_days, escalate_after=self.escalate_after
        )
