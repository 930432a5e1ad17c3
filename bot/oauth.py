"""Multi-workspace install: slack_sdk's SQLAlchemy stores on our own database.

Their tables come from migration 0002, never from the stores' create_tables(), so a
deploy's migration owns the schema. Workers find each workspace's bot token here.
"""

from __future__ import annotations

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine

from bot.slack_client import make_client
from coordination.settings import Settings

BOT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "groups:history",
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


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    return SQLAlchemyInstallationStore(client_id=settings.slack_client_id or "", engine=engine)


def oauth_settings(settings: Settings, engine: Engine) -> OAuthSettings:
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=installation_store(settings, engine),
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRY_SECONDS, engine=engine
        ),
    )


class InstalledClients:
    """client_for(team_id) for OAuth mode: the bot token each workspace installed."""

    def __init__(self, store: SQLAlchemyInstallationStore, base_url: str) -> None:
        self._store, self._base_url = store, base_url

    def __call__(self, team_id: str) -> WebClient:
        bot = self._store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            raise LookupError(f"Followthrough is not installed in workspace {team_id}")
        return make_client(token=bot.bot_token, base_url=self._base_url)
