"""The dashboard as `serve` mounts it: the web app behind Sign in with Slack."""

from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import Engine

from bot.signin import SlackSignIn
from coordination.clock import Clock
from coordination.dashboard import Dashboard
from coordination.settings import Settings
from web.access import SignedInAccess
from web.app import create_app

log = logging.getLogger(__name__)
NEEDED = {
    "public_url": "FOLLOWTHROUGH_PUBLIC_URL",
    "session_secret": "FOLLOWTHROUGH_SESSION_SECRET",
    "slack_client_id": "SLACK_CLIENT_ID",
    "slack_client_secret": "SLACK_CLIENT_SECRET",
}


def missing_settings(settings: Settings) -> list[str]:
    return [env for name, env in NEEDED.items() if not getattr(settings, name)]


def dashboard_app(settings: Settings, engine: Engine, clock: Clock) -> Flask | None:
    """None, with a warning naming what is missing, when sign-in cannot work: the pages
    are then not served at all rather than served to anyone."""
    missing = missing_settings(settings)
    if missing:
        log.warning("dashboard off: set %s", ", ".join(missing))
        return None
    sign_in = SlackSignIn(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        api_url=settings.slack_api_url,
    )
    return create_app(
        Dashboard(engine),
        SignedInAccess(sign_in),
        clock,
        secret_key=settings.session_secret,
        public_url=settings.public_url,
    )
