"""app_uninstalled and tokens_revoked: the workspace's tokens go, and its sends stop.

Handled before the ack (a few rows, no Slack call, idempotent, so a re-delivery does
no harm): in OAuth mode Bolt's own
TokenRevocationListeners delete the tokens from the installation store, asked with
the enterprise id and team Bolt read from the event; either way the workspace is
marked as without the app (coordination/programs/installations.py). A token revocation that
names only user tokens leaves the bot working, so nothing else changes then.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_bolt.listener.builtins import TokenRevocationListeners

from bot.deps import BotDeps
from bot.listeners.accept import origin_of
from coordination.db import session_scope
from coordination.programs.installations import end_installation

log = logging.getLogger(__name__)


def _end(deps: BotDeps, context: BoltContext, body: dict[str, Any]) -> None:
    origin = origin_of(context, body)
    team = None if origin.is_enterprise_install or not origin.team_id else origin.team_id
    with session_scope(deps.engine) as session:
        ended = end_installation(
            session, team_id=team, enterprise_id=origin.enterprise_id, now=deps.clock()
        )
    deps.installations.forget(ended)
    log.info("app uninstalled", extra={"team_ids": ended, "enterprise_id": origin.enterprise_id})


def register(app: App, deps: BotDeps) -> None:
    store = app.installation_store
    tokens = TokenRevocationListeners(store) if store is not None else None

    def on_uninstalled(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        if tokens is not None:
            tokens.handle_app_uninstalled_events(context)
        _end(deps, context, body)
        ack()

    def on_tokens_revoked(
        ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext
    ) -> None:
        if tokens is not None:
            tokens.handle_tokens_revoked_events(event, context)
        if (event.get("tokens") or {}).get("bot"):
            _end(deps, context, body)
        ack()

    app.event("app_uninstalled")(ack=on_uninstalled, lazy=[])
    app.event("tokens_revoked")(ack=on_tokens_revoked, lazy=[])
