"""The Slack Web API client every part of the bot uses."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)


def retry_handlers() -> list:
    """429 waits for Retry-After (in the calling thread: workers only, never before an ack),
    5xx and dropped connections are retried a few times."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=3),
        ServerErrorRetryHandler(max_retry_count=2),
    ]


def make_client(*, token: str | None, base_url: str, timeout: int = 15) -> WebClient:
    if not base_url.endswith("/"):
        base_url += "/"
    return WebClient(
        token=token, base_url=base_url, timeout=timeout, retry_handlers=retry_handlers()
    )
