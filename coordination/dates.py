"""Parsing the dates people type on the command line or in Slack forms."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from coordination.errors import UserError


def parse_iso_date(text: str, *, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise UserError(f"{what} {text!r} is not a date; use YYYY-MM-DD.") from error


def parse_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UserError(
            f"{name!r} is not a known timezone; use an IANA name like Europe/Berlin."
        ) from error
