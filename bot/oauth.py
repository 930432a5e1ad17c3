"""Multi-workspace install: slack_sdk's SQLAlchemy stores on our own database.

Their tables come from migration 0002, never from the stores' create_tables(), so a
deploy's migration owns the schema. Workers find each workspace's bot token here, asked
the way Enterprise Grid needs: with the enterprise id, and for an org-wide install with
no team (bot tokens of org-wide installs belong to the org, not to one workspace).

Tokens and webhook URLs are encrypted at rest (`storage.secrets`): the store's token
columns carry a type that encrypts on write and opens on read, so every query the
store makes, and every one it will make in a later slack_sdk, goes through it.
"""

from __future__ import annotations

import logging

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine, select, update

from bot.slack_client import make_client
from coordination.clock import Clock
from coordination.db import session_scope
from coordination.errors import UserError
from coordination.programs.installations import note_installation, token_location
from coordination.programs.tokens import EncryptedText, TokenCipher, TokenKeyError
from coordination.settings import Settings

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


SECRET_COLUMNS = (
    "bot_token",
    "bot_refresh_token",
    "user_token",
    "user_refresh_token",
    "incoming_webhook_url",
)
NO_KEY = (
    "OAuth mode keeps workspace tokens encrypted: set FOLLOWTHROUGH_TOKEN_KEYS to a key "
    "from `followthrough db new-token-key` (README: Secrets at rest)."
)


def token_cipher(settings: Settings) -> TokenCipher:
    if not settings.token_keys:
        raise UserError(NO_KEY)
    try:
        return TokenCipher(settings.token_keys)
    except TokenKeyError as error:
        raise UserError(f"{error}.") from error


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store with its secret columns encrypted by `cipher`."""

    def __init__(self, client_id: str, engine: Engine, cipher: TokenCipher) -> None:
        super().__init__(client_id=client_id, engine=engine)
        for table in (self.bots, self.installations):
            for name in SECRET_COLUMNS:
                if name in table.c:
                    table.c[name].type = EncryptedText(cipher)


def installation_store(settings: Settings, engine: Engine) -> SQLAlchemyInstallationStore:
    return EncryptedInstallationStore(
        client_id=settings.slack_client_id or "", engine=engine, cipher=token_cipher(settings)
    )


def rotate_tokens(settings: Settings, engine: Engine) -> int:
    """Re-encrypts every stored secret with the newest key (and encrypts any written
    before encryption); returns how many values were rewritten. One transaction: a
    failure leaves every row as it was."""
    cipher = token_cipher(settings)
    raw = SQLAlchemyInstallationStore(client_id=settings.slack_client_id or "", engine=engine)
    rewritten = 0
    with engine.begin() as connection:
        for table in (raw.bots, raw.installations):
            columns = [table.c[name] for name in SECRET_COLUMNS if name in table.c]
            for row in connection.execute(select(table.c.id, *columns)).mappings():
                values = {c.name: cipher.rotate(row[c.name]) for c in columns if row[c.name]}
                if values:
                    connection.execute(update(table).where(table.c.id == row["id"]), values)
                    rewritten += len(values)
    return rewritten


def _callbacks(engine: Engine, clock: Clock) -> CallbackOptions:
    """Bolt's own pages, after noting where the new install's token lives (a workspace
    that uninstalled and comes back is sent to again from here on)."""

    def success(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.team_id:
            with session_scope(engine) as session:
                note_installation(
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


def oauth_settings(
    settings: Settings, engine: Engine, clock: Clock, store: SQLAlchemyInstallationStore
) -> OAuthSettings:
    return OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=store,
        state_store=SQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_EXPIRY_SECONDS, engine=engine
        ),
        callback_options=_callbacks(engine, clock),
    )


def cached_authorize(
    settings: Settings, store: SQLAlchemyInstallationStore
) -> InstallationStoreAuthorize:
    """Bolt's authorize for each request, with the two options that keep it off the ack's
    path: `bot_only` (the app asks for no user scopes, so one `find_bot` query instead of
    two `find_installation` ones) and `cache_enabled` (auth.test's answer kept per bot
    token, where the default called Slack before every ack). Keyed by the token, the
    cache cannot serve a workspace that installed again: its new token is a new key."""
    return InstallationStoreAuthorize(
        installation_store=store,
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        bot_only=True,
        cache_enabled=True,
        logger=logging.getLogger("slack_bolt.authorize"),
    )


class InstalledClients:
    """client_for(team_id) for OAuth mode: the bot token each workspace installed."""

    def __init__(self, store: SQLAlchemyInstallationStore, engine: Engine, base_url: str) -> None:
        self._store, self._engine, self._base_url = store, engine, base_url

    def __call__(self, team_id: str) -> WebClient:
        with session_scope(self._engine) as session:
            enterprise_id, org_wide = token_location(session, team_id=team_id)
        bot = self._store.find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=org_wide
        )
        if bot is None:
            raise NotInstalledError(f"Followthrough is not installed in workspace {team_id}")
        return make_client(token=bot.bot_token, base_url=self._base_url)
