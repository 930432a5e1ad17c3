"""What every listener and job handler needs, built once by the composition root."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk import WebClient
from sqlalchemy import Engine

from coordination.clock import Clock
from coordination.settings import Settings
from extractors.models import Extractor

ClientFor = Callable[[str], WebClient]


@dataclass
class BotDeps:
    """`client_for(team_id)` hides single-workspace vs OAuth: jobs run outside a request,
    so they cannot borrow Bolt's per-request client."""

    engine: Engine
    settings: Settings
    client_for: ClientFor
    extractor: Extractor
    clock: Clock
    workspace_names: dict[str, str] = field(default_factory=dict)
    work_enqueued: threading.Event = field(default_factory=threading.Event)

    def workspace_name(self, team_id: str) -> str:
        """auth.test names the workspace without any scope; remembered per process."""
        if team_id not in self.workspace_names:
            self.workspace_names[team_id] = self.client_for(team_id).auth_test().get("team", "")
        return self.workspace_names[team_id]
