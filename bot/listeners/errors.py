"""What Bolt answers when a listener fails on a signed request.

A payload that lacks what a listener reads (a mention without a channel, an action
without a value) is Slack's shape changing or a hand-made request: it gets a 400 and
one warning line. Anything else (the database down) stays a 500 with its traceback, so
Slack retries and the operator sees why.
"""

from __future__ import annotations

import logging

from slack_bolt import BoltResponse

log = logging.getLogger(__name__)
MALFORMED = (KeyError, IndexError, TypeError, ValueError, AttributeError)


def answer_listener_error(error: Exception, body: dict) -> BoltResponse:
    kind = body.get("type") if isinstance(body, dict) else None
    if isinstance(error, MALFORMED):
        log.warning("refused a signed %s payload missing what it needs: %r", kind, error)
        return BoltResponse(status=400, body="malformed Slack payload")
    log.error("listener failed on a %s payload", kind, exc_info=error)
    return BoltResponse(status=500, body="")
