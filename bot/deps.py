"""What every listener and job handler needs, built once by the composition root."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from slack_sdk import WebClient
from sqlalchemy import Engine

from coordination.clock import Clock
from coordination.programs.installations import RecentlyNoted
from coordination.settings import Settings
from extractors.models import Extractor

ClientFor = Callable[[str], WebClient]
AFTER_ACK_THREADS = 5


@dataclass
class BotDeps:
    """`client_for(team_id)` hides single-workspace vs OAuth: jobs run outside a request,
    so they cannot borrow Bolt's per-request client."""

    engine: Engine
    settings: Settings
    client_for: ClientFor
    extractor: Extractor
    clock: Clock
    identities: dict[str, dict] = field(default_factory=dict)
    work_enqueued: threading.Event = field(default_factory=threading.Event)
    installations: RecentlyNoted = field(default_factory=RecentlyNoted)
    """Where each workspace's token was noted lately, so an ack need not read it again."""
    after_ack: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(AFTER_ACK_THREADS, thread_name_prefix="ack")
    )
    """Courtesies a listener starts once its work is written down (the :eyes:), run
    while the response goes back."""

    def _identity(self, team_id: str) -> dict:
        """auth.test needs no scope; its answer is remembered per process."""
        if team_id not in self.identities:
            self.identities[team_id] = dict(self.client_for(team_id).auth_test().data)
        return self.identities[team_id]

    def workspace_name(self, team_id: str) -> str:
        return self._identity(team_id).get("team", "")

    def bot_user_id(self, team_id: str) -> str:
        """The app's own user: its replies in a thread are nobody's promises."""
        return self._identity(team_id).get("user_id", "")
