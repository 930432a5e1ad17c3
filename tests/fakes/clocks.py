"""A clock for tests: time stands where the test puts it (set `now` to move it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class StoppedClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now
