"""manifest.yml creates the app as the code is: every listener declared, every scope used."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from slack_bolt import App

from bot.listeners import register_all
from bot.listeners.commands import COMMAND
from bot.listeners.shortcuts import CALLBACK_ID
from bot.oauth import BOT_SCOPES

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = yaml.safe_load((ROOT / "manifest.yml").read_text())
METHOD_SCOPES = {
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "conversations_replies": {"channels:history", "groups:history", "mpim:history"},
    "conversations_history": {"im:history"},
    "conversations_open": {"im:write"},
    "reactions_add": {"reactions:write"},
    "reactions_remove": {"reactions:write"},
    "reactions_get": {"reactions:read"},
    "users_info": {"users:read"},
    "files_info": {"files:read"},
    "files_upload_v2": {"files:write"},
    "views_open": set(),
    "views_publish": set(),
}
EVENT_SCOPES = {
    "app_mention": {"app_mentions:read"},
    "reaction_added": {"reactions:read"},
    "file_shared": {"files:read"},
    "app_home_opened": set(),
    "app_uninstalled": set(),
    "tokens_revoked": set(),
}


def _bot_source() -> str:
    return "\n".join(p.read_text() for p in (ROOT / "bot").rglob("*.py"))


def _registered_events() -> set[str]:
    source = "\n".join(p.read_text() for p in (ROOT / "bot" / "listeners").glob("*.py"))
    return set(re.findall(r'app\.event\("([a-z_]+)"\)', source))


def test_every_listener_is_declared() -> None:
    assert _registered_events() == set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert [c["command"] for c in MANIFEST["features"]["slash_commands"]] == [COMMAND]
    assert [s["callback_id"] for s in MANIFEST["features"]["shortcuts"]] == [CALLBACK_ID]
    assert MANIFEST["settings"]["interactivity"]["is_enabled"]
    assert MANIFEST["features"]["app_home"]["home_tab_enabled"]


def test_the_manifest_matches_production() -> None:
    """HTTP events as the replicas run them; the events that end an installation; group
    DMs readable; slash text escaped so mentions arrive as ids; Grid org installs."""
    settings = MANIFEST["settings"]
    assert settings["socket_mode_enabled"] is False
    assert settings["event_subscriptions"]["request_url"].endswith("/slack/events")
    assert {"app_uninstalled", "tokens_revoked"} <= set(
        settings["event_subscriptions"]["bot_events"]
    )
    assert "mpim:history" in MANIFEST["oauth_config"]["scopes"]["bot"]
    assert all(c["should_escape"] is True for c in MANIFEST["features"]["slash_commands"])
    assert settings["org_deploy_enabled"] is True


def test_every_declared_scope_is_used_and_none_is_missing() -> None:
    declared = set(MANIFEST["oauth_config"]["scopes"]["bot"])
    assert declared == set(BOT_SCOPES)
    source = _bot_source()
    used = {"commands"}
    for method, scopes in METHOD_SCOPES.items():
        if re.search(rf"\.{method}\b", source):  # called, or picked as the reader
            used |= scopes
    for event in _registered_events():
        used |= EVENT_SCOPES[event]
    assert declared == used


def test_listeners_register_on_a_bolt_app(sqlite_url: str) -> None:
    app = App(signing_secret="s", token="xoxb-x", token_verification_enabled=False)
    register_all(app, deps=None)  # type: ignore[arg-type]
    assert len(app._listeners) == 11
