"""The one place that reads the wall clock.

Everything that decides by time (what is due, overdue or new, when a lease runs out)
asks a `Clock` handed down from a composition root (the CLI's context, `serve`,
`worker`, the scheduler) instead of reading the wall clock itself, so a test or a
`--now` run sees one consistent time everywhere. tests/test_architecture.py keeps any
other module from reading the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
"""Returns the current moment, timezone-aware, in UTC."""


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ClockFrom:
    """A clock that reads `start` when it is made and then moves on with real elapsed
    (monotonic) time, so a `--now` run still sees time pass: a lease renewed during a
    slow send moves forward, not back to `start`."""

    start: datetime
    _origin: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None:
            raise ValueError("a clock starts at an aware datetime; attach a timezone first")

    def __call__(self) -> datetime:
        elapsed = timedelta(seconds=time.monotonic() - self._origin)
        return (self.start + elapsed).astimezone(UTC)


def clock_from(start: datetime | None) -> Clock:
    """The wall clock, or one that starts at `start` and runs on from there."""
    return system_clock if start is None else ClockFrom(start)
