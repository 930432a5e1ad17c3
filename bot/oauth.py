"""Multi-workspace install: slack_sdk's SQLAlchemy stores on our own database.

Their tables come from migration 0002, never from the stores' create_tables(), so a
deploy's migration owns the schema. Workers find each workspace's bot token here, asked
the way Enterprise Grid needs: with the enterprise id, and for an org-wide install with
no team (bot tokens of org-wide installs belong to the org, not to one workspace).
"""

from __future__ import annotations

from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.slack_client import make_client
from coordination.clock import Clock
from coordination.settings import Settings
from storage.db import session_scope
from storage.models import Workspace
from storage.workspaces import record_installation

BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "groups:history",
    "mpim:history",
    "chat:write",
    "commands",
    "files:read",
    "files:write",
    "im:history",
    "im:write",
    "reactions:read",
    "reactions:write",
    "users:read",
)
STATE_EXPIRY_SECONDS = 600


class NotInstalledError(LookupError):
    """The workspace has no bot token: never installed, uninstalled, or revoked."""


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id or "", engine=engine)


def _callbacks(engine: Engine, clock: Clock) -> CallbackOptions:
    """Bolt's own pages, after noting where the new install's token lives (a workspace
    that uninstalled and comes back is sent to again from here on)."""

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.team_id:
            with session_scope(engine) as session:
                record_installation(
                    session,
                    team_id=installation.team_id,
                    enterprise_id=installation.enterprise_id,
                    is_enterprise_install=bool(installation.is_enterprise_install),
                    now=clock(),
                )
        return args.default.success(args)

    def failure(args: FailureArgs) -> BoltResponse:
        return args.default.failure(args)

    return CallbackOptions(success=success, failure=failure)


def oauth_settings(settings: Settings, engine: Engine, clock: Clock) -> OAuthSettings:
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=installation_store(settings, engine),
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRY_SECONDS, engine=engine
        ),
        callback_options=_callbacks(engine, clock),
    )


class InstalledClients:
    """client_for(team_id) for OAuth mode: the bot token each workspace installed."""

    def __init__(self, store: SQLAlchemyInstallationStore, engine: Engine, base_url: str) -> None:
        self._store, self._engine, self._base_url = store, engine, base_url

    def __call__(self, team_id: str) -> WebClient:
        with session_scope(self._engine) as session:
            workspace = session.get(Workspace, team_id)
            enterprise_id = workspace.enterprise_id if workspace else None
            org_wide = bool(workspace and workspace.is_enterprise_install)
        bot = self._store.find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=org_wide
        )
        if bot is None:
            raise NotInstalledError(f"Followthrough is not installed in workspace {team_id}")
        return make_client(token=bot.bot_token, base_url=self._base_url)
