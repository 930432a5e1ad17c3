"""The dashboard: server-rendered pages of the program view (Flask, Jinja2, no JavaScript).

An edge like `bot/` and `cli/`: it reads only through `coordination.dashboard` and
draws through `charts`. `followthrough serve` mounts it beside Slack's endpoints, with
Sign in with Slack; `followthrough dashboard` serves it alone on 127.0.0.1.
"""
