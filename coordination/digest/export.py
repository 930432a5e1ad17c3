"""The digest as JSON-ready data, for `digest --json` (which reads every line): each
list with its total beside it (`completed_count`, ...), as in the digest's records."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from coordination.digest.model import Digest


def _plain(value: Any) -> Any:
    """Dates as `YYYY-MM-DD` (times as ISO 8601), tuples as lists, like the other exports."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def digest_json(digest: Digest) -> dict[str, Any]:
    return _plain(asdict(digest))
