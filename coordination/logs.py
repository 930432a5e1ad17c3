"""Structured logs: one JSON object per line, carrying the ids that tie work together.

An operator follows one mention from event to reply by its ids: the listener binds
`event_id` while it records the job, the worker binds `job_id` (and the job's
`event_id`) while it runs it, and every line logged meanwhile carries them.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

_CONTEXT: contextvars.ContextVar[tuple[tuple[str, Any], ...]] = contextvars.ContextVar(
    "log_context", default=()
)
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
SECRETS = re.compile(r"\b(xox[a-z]|xapp)-[\w-]+|https://hooks\.slack\.com/[\w/-]+")
"""Slack tokens and webhook URLs: slack_sdk logs response bodies at DEBUG, and an OAuth
exchange's body carries the new token."""


def redact_secrets(text: str) -> str:
    return SECRETS.sub(lambda found: f"{found.group(1) or 'webhook'}-(redacted)", text)


@contextmanager
def log_context(**ids: Any) -> Iterator[None]:
    """Adds ids (request_id, event_id, job_id, team_id ...) to every line logged inside."""
    bound = dict(_CONTEXT.get()) | {k: v for k, v in ids.items() if v is not None}
    token = _CONTEXT.set(tuple(bound.items()))
    try:
        yield
    finally:
        _CONTEXT.reset(token)


class ContextFilter(logging.Filter):
    """Stamps the bound ids on the record when it is made, not when it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.log_ids = dict(_CONTEXT.get())
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **getattr(record, "log_ids", {}),
        }
        line.update({k: v for k, v in vars(record).items() if k not in _STANDARD | {"log_ids"}})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return redact_secrets(json.dumps(line, default=str))


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
