"""One model call with bounded retries; every failure becomes a reason a user can read.

We retry here instead of in the SDK so the policy is ours and testable: rate limits,
5xx and dropped connections are retried with backoff, honouring Retry-After, while a
timeout is not (the timeout is the request's whole latency budget, and a retry would
double it). A server asking us to wait longer than `max_retry_wait` is not waited for:
the rules extractor answers sooner.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TypeVar

import openai

T = TypeVar("T")
RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError)


class ModelCallFailedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def call_model(
    call: Callable[[], T],
    *,
    timeout: float,
    max_retries: int,
    backoff: float,
    max_retry_wait: float,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    attempt = 0
    while True:
        attempt += 1
        try:
            return call()
        except openai.APITimeoutError as err:
            raise ModelCallFailedError(f"timeout after {timeout:g}s") from err
        except RETRYABLE as err:
            wait = retry_wait(err, attempt, backoff)
            if attempt > max_retries or wait > max_retry_wait:
                raise ModelCallFailedError(describe(err, attempt, wait, max_retry_wait)) from err
            sleep(wait)
        except openai.APIStatusError as err:
            raise ModelCallFailedError(f"HTTP {err.status_code}") from err
        except openai.OpenAIError as err:
            raise ModelCallFailedError(type(err).__name__) from err


def retry_wait(err: openai.APIError, attempt: int, backoff: float) -> float:
    """The server's Retry-After when it sent one, else exponential backoff."""
    if isinstance(err, openai.APIStatusError):
        asked = retry_after(err.response.headers)
        if asked is not None:
            return asked
    return backoff * 2 ** (attempt - 1)


def _http_date(value: str | None) -> datetime | None:
    """An HTTP date, always in GMT (one written as -0000 parses naive)."""
    try:
        moment = email.utils.parsedate_to_datetime(value) if value else None
    except ValueError:
        return None
    return moment.replace(tzinfo=moment.tzinfo or UTC) if moment else None


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from `retry-after-ms`, `retry-after` seconds, or a `retry-after` HTTP date.

    A date is measured from the response's own `Date`: both come from the server's
    clock, so neither ours nor the skew between the two enters the wait. Without a
    `Date` the wait is unknown, and the caller backs off as it would without a header.
    """
    value = headers.get("retry-after")
    for raw, scale in ((headers.get("retry-after-ms"), 1000), (value, 1)):
        if raw is None:
            continue
        try:
            return max(float(raw) / scale, 0.0)
        except ValueError:
            continue
    until, sent = _http_date(value), _http_date(headers.get("date"))
    if until is None or sent is None:
        return None
    return max((until - sent).total_seconds(), 0.0)


def describe(err: openai.APIError, attempts: int, wait: float, max_wait: float) -> str:
    if isinstance(err, openai.APIStatusError):
        kind = "rate limited" if isinstance(err, openai.RateLimitError) else "server error"
        what = f"{kind} (HTTP {err.status_code})"
    else:
        what = "connection error"
    if wait > max_wait:
        return f"{what}; the server asked to wait {wait:g}s"
    return f"{what} after {attempts} attempt{'s' if attempts > 1 else ''}"
