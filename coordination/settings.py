"""All configuration in one place, read from the environment (and a .env file).

`extract` and `eval` read their few values through `notes_settings` instead, which
agrees with this class and starts without pydantic-settings.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from coordination.notes_settings import (
    DEFAULT_LLM_TIMEOUT,
    DEFAULT_MAX_NOTES_BYTES,
    DEFAULT_TIMEZONE,
    ENV_FILE,
)
from storage.defaults import DEFAULT_DATABASE_URL


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ENV_FILE, extra="ignore")

    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="DATABASE_URL")
    team_id: str = Field(
        default="local",
        alias="FOLLOWTHROUGH_TEAM_ID",
        description="Workspace the CLI works in; Slack events carry their own team id.",
    )
    timezone: str = Field(default=DEFAULT_TIMEZONE, alias="FOLLOWTHROUGH_TIMEZONE")
    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", alias="SLACK_API_URL")
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    openai_api_key: str | None = Field(default=None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(default=None, alias="OPENAI_BASE_URL")
    model: str | None = Field(default=None, alias="FOLLOWTHROUGH_MODEL")
    llm_timeout: float = Field(default=DEFAULT_LLM_TIMEOUT, alias="FOLLOWTHROUGH_LLM_TIMEOUT")
    port: int = Field(default=3000, alias="PORT")
    job_lease_seconds: float = Field(
        default=30.0,
        gt=0,
        alias="FOLLOWTHROUGH_JOB_LEASE_SECONDS",
        description="How long a worker may hold a job before another replica takes it over.",
    )
    job_heartbeat_seconds: float = Field(
        default=5.0,
        gt=0,
        alias="FOLLOWTHROUGH_JOB_HEARTBEAT_SECONDS",
        description="How often a running job's lease is renewed (at most half the lease).",
    )
    worker_processes: int = Field(
        default=1,
        ge=0,
        alias="FOLLOWTHROUGH_WORKER_PROCESSES",
        description="Worker processes `serve` starts and supervises (0: none); one per "
        "spare core is plenty, since jobs mostly wait.",
    )
    worker_threads: int = Field(
        default=25,
        ge=1,
        alias="FOLLOWTHROUGH_WORKER_THREADS",
        description="Job threads in each worker process: jobs mostly wait on Slack and the model.",
    )
    retention_days: float = Field(
        default=30.0,
        ge=7,
        alias="FOLLOWTHROUGH_RETENTION_DAYS",
        description="Finished jobs, sent deliveries and processed events older than this are "
        "pruned (at least 7 days: a weekly digest's key must outlive its week).",
    )
    max_notes_bytes: int = Field(
        default=DEFAULT_MAX_NOTES_BYTES, alias="FOLLOWTHROUGH_MAX_NOTES_BYTES"
    )
    max_request_bytes: int = Field(
        default=1_000_000,
        alias="FOLLOWTHROUGH_MAX_REQUEST_BYTES",
        description="Largest body `serve` reads from a POST to Slack's endpoints.",
    )
    public_url: str | None = Field(
        default=None,
        alias="FOLLOWTHROUGH_PUBLIC_URL",
        description="Where people reach `serve` (https://host): dashboard links and sign-in.",
    )
    token_keys: str | None = Field(
        default=None,
        alias="FOLLOWTHROUGH_TOKEN_KEYS",
        description="Fernet keys, newest first, that encrypt OAuth tokens at rest.",
    )
    session_secret: str | None = Field(
        default=None,
        alias="FOLLOWTHROUGH_SESSION_SECRET",
        description="Signs the dashboard's session cookies; the same on every replica.",
    )
