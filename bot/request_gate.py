"""What a POST to Slack's endpoints must pass before Bolt sees it.

Bolt reads the whole body into memory before it checks the signature (an unsigned
300 MB POST took 1.9 GB), and a body it cannot parse ends in a traceback and a 500.
The gate refuses in order of cost: the declared length (never reading an oversized
body), the read itself, UTF-8, the timestamp and signature (slack_sdk's verifier, with
the secret Bolt verifies with), then the shape Bolt expects (parsed by Bolt's own body
parser). Every refusal is one log line and a 400, 401 or 413 with a short JSON reason.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_bolt.request.internals import parse_body
from slack_sdk.signature import SignatureVerifier

from coordination.settings import Settings

log = logging.getLogger(__name__)

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


class Refused(Exception):
    """Turned away before Bolt sees it, with the status and the reason it is told."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class RequestLimits:
    """Slack's own payloads are a few kilobytes; a large view submission stays far
    below the default 1 MB (FOLLOWTHROUGH_MAX_REQUEST_BYTES)."""

    max_body_bytes: int

    @classmethod
    def from_environment(cls) -> RequestLimits:
        return cls(max_body_bytes=Settings().max_request_bytes)


def bolt_signing_secret(app: App) -> str:
    """Bolt keeps the secret it verifies with and offers no accessor; the gate uses the
    same one, so the two checks can never disagree."""
    return app._signing_secret


def answer(start_response: StartResponse, status: str, reason: str) -> Iterable[bytes]:
    data = json.dumps({"error": reason}).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
    )
    return [data]


def _is_number(text: str) -> bool:
    """ASCII digits only: str.isdigit() also takes '²', which int() refuses."""
    return text.isascii() and text.isdigit()


def _declared_length(environ: dict, limit: int) -> int:
    text = (environ.get("CONTENT_LENGTH") or "").strip()
    if not text:
        raise Refused("400 Bad Request", "Content-Length is required")
    if not _is_number(text):
        raise Refused("400 Bad Request", "Content-Length is not a number")
    length = int(text)
    if length > limit:
        raise Refused("413 Content Too Large", f"body over {limit} bytes")
    return length


def _read_exactly(environ: dict, length: int) -> bytes:
    stream = environ["wsgi.input"]
    chunks, remaining = [], length
    while remaining:
        chunk = stream.read(min(remaining, 65536))
        if not chunk:
            raise Refused("400 Bad Request", "body shorter than its Content-Length")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def _check_signature(verifier: SignatureVerifier | None, environ: dict, body: str) -> None:
    if verifier is None:
        raise Refused("401 Unauthorized", "no signing secret: Slack's events come by Socket Mode")
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    if not _is_number(timestamp) or not signature:
        raise Refused("401 Unauthorized", "missing or malformed Slack signature headers")
    if not verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
        raise Refused("401 Unauthorized", "invalid or expired Slack signature")


def _check_shape(body: str, content_type: str) -> None:
    """What Bolt's parser would make of the body must be a JSON object (or form)."""
    try:
        parsed = parse_body(body, content_type.split(";")[0].strip().lower() or None)
    except ValueError as error:
        raise Refused("400 Bad Request", "body is not valid JSON") from error
    if not isinstance(parsed, dict):
        raise Refused("400 Bad Request", "body is not a JSON object")


def admitted_body(
    environ: dict, verifier: SignatureVerifier | None, limits: RequestLimits
) -> bytes:
    """The body of a request that may go on to Bolt, or Refused."""
    raw = _read_exactly(environ, _declared_length(environ, limits.max_body_bytes))
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Refused("400 Bad Request", f"body is not UTF-8 (byte {error.start})") from error
    _check_signature(verifier, environ, body)
    _check_shape(body, environ.get("CONTENT_TYPE") or "")
    return raw


def gated(slack: WsgiApp, app: App, limits: RequestLimits) -> WsgiApp:
    """Slack's endpoints behind the gate; GETs (install, OAuth redirect) carry no body
    and go straight on."""
    secret = bolt_signing_secret(app)
    verifier = SignatureVerifier(secret) if secret else None  # None: Socket Mode only

    def handle(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            return slack(environ, start_response)
        try:
            body = admitted_body(environ, verifier, limits)
        except Refused as refusal:
            log.warning(
                "refused a request to %s: %s",
                environ.get("PATH_INFO"),
                refusal.reason,
                extra={"status": int(refusal.status.split()[0])},
            )
            return answer(start_response, refusal.status, refusal.reason)
        environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        try:
            return slack(environ, start_response)
        except Exception as error:  # a signed payload Bolt could not read: Slack's shape changed
            log.warning("refused a signed request Bolt could not read: %r", error)
            return answer(start_response, "400 Bad Request", "payload Bolt could not read")

    return handle
