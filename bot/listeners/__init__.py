"""Every Bolt listener, registered explicitly: one module per kind of request."""

from __future__ import annotations

from slack_bolt import App

from bot.deps import BotDeps
from bot.listeners import (
    app_home,
    commands,
    files,
    item_buttons,
    item_edit,
    lifecycle,
    mentions,
    offered,
    reactions,
    shortcuts,
)

MODULES = (
    mentions,
    files,
    shortcuts,
    commands,
    item_buttons,
    item_edit,
    reactions,
    app_home,
    offered,
    lifecycle,
)


def register_all(app: App, deps: BotDeps) -> None:
    for module in MODULES:
        module.register(app, deps)
