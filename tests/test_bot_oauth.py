"""Multi-workspace mode: a workspace installs through OAuth, then the bot works there
with that workspace's own token, in listeners, jobs and scheduled sends; on Enterprise
Grid too, per workspace or for the whole org; and when the workspace uninstalls the app
or revokes its token, the token is deleted and nothing is sent there any more."""

from __future__ import annotations

import logging
import re
import threading
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import text
from sqlmodel import Session, select

from bot.app import Runtime, build_runtime
from bot.http import Readiness, make_http_server
from bot.oauth import installation_store, rotate_tokens
from bot.scheduling import post_due_digests, run_reminder_sweep, send_slip_alerts
from cli.main import main
from coordination.clock import ClockFrom
from coordination.logs import configure_logging
from coordination.programs.installations import UNINSTALLED
from coordination.settings import Settings
from storage.db import get_engine, session_scope
from storage.models import Delivery, Dependency
from storage.secrets import TokenKeyError
from tests.fakes.clocks import StoppedClock
from tests.fakes.program_seed import CREATED, Seed
from tests.fakes.slack_api import FakeSlack, SlackSender

SECRET = "oauth-signing-secret"
INSTALLED_TOKEN = "xoxb-installed-beta"
TOKEN_KEY = Fernet.generate_key().decode()
WEDNESDAY = datetime(2026, 11, 25, 10, tzinfo=UTC)
GRANT = {
    "app_id": "A1",
    "authed_user": {"id": "UADMIN"},
    "scope": "chat:write,commands",
    "token_type": "bot",
    "access_token": INSTALLED_TOKEN,
    "bot_user_id": "UBOT",
    "team": {"id": "T1", "name": "Acme"},
    "enterprise": None,
    "is_enterprise_install": False,
}


@pytest.fixture
def installed(sqlite_url: str) -> Iterator[tuple[FakeSlack, str, Runtime]]:
    slack = FakeSlack().start()
    slack.oauth_grant = GRANT
    settings = Settings(
        _env_file=None,
        DATABASE_URL=sqlite_url,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_CLIENT_ID="111.222",
        SLACK_CLIENT_SECRET="client-secret",
        SLACK_API_URL=slack.api_url,
        FOLLOWTHROUGH_TOKEN_KEYS=TOKEN_KEY,
    )
    runtime = build_runtime(
        settings, clock=ClockFrom(WEDNESDAY), workers=1, engine=get_engine(sqlite_url)
    )
    server = make_http_server(
        runtime.app, Readiness(runtime.deps.engine, lambda: True), host="127.0.0.1", port=0
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    yield slack, url, runtime
    server.shutdown()
    server.server_close()
    slack.stop()


def _install(url: str) -> str:
    with urllib.request.urlopen(f"{url}/slack/install", timeout=10) as page:
        html = page.read().decode()
        cookie = page.headers.get("Set-Cookie", "").split(";")[0]
    state = re.search(r"state=([\w-]+)", html).group(1)
    request = urllib.request.Request(
        f"{url}/slack/oauth_redirect?code=granted&state={state}", headers={"Cookie": cookie}
    )
    with urllib.request.urlopen(request, timeout=10) as done:
        return done.read().decode()


def test_an_installed_workspace_is_served_with_its_own_token(installed) -> None:
    slack, url, runtime = installed
    page = _install(url)
    assert "slack://app?team=T1" in page
    assert slack.called("oauth.v2.access")
    slack.threads[("C1", "1795000000.000100")] = [
        {"ts": "1795000000.000100", "user": "UADMIN", "text": "<@UADMIN> to write the FAQ"},
    ]
    event = {
        "type": "app_mention",
        "user": "UADMIN",
        "channel": "C1",
        "text": "<@UBOT> go",
        "ts": "1795000000.000200",
        "thread_ts": "1795000000.000100",
    }
    assert SlackSender(url, SECRET).event(event, event_id="EvOauth")[0] == 200
    runtime.workers[0].run_until_empty()
    posts = [c for c in slack.calls if c.method == "chat.postMessage"]
    assert posts and {c.token for c in posts} == {INSTALLED_TOKEN}


def test_acks_of_an_installed_workspace_ask_slack_for_auth_test_once(installed) -> None:
    """Bolt's authorize keeps auth.test's answer per bot token: no Slack call per ack."""
    slack, url, _ = installed
    _install(url)
    before = len(slack.called("auth.test"))
    sender = SlackSender(url, SECRET)
    for n in range(3):
        event = {"type": "app_mention", "user": "UADMIN", "channel": "C1", "text": "<@UBOT> help"}
        assert sender.event({**event, "ts": f"1795000000.00030{n}"})[0] == 200
    assert len(slack.called("auth.test")) - before == 1


def test_scheduled_reminders_use_each_workspaces_installed_token(installed) -> None:
    slack, url, runtime = installed
    _install(url)
    seed = Seed(runtime.deps.engine)
    seed.item("Write the FAQ", seed.person("Admin", "UADMIN"), date(2026, 11, 20))
    outcomes = run_reminder_sweep(
        runtime.deps.engine, runtime.deps.client_for, StoppedClock(WEDNESDAY)
    )
    assert [o.status for o in outcomes] == ["sent"]
    [dm] = [c for c in slack.calls if c.method == "chat.postMessage"]
    assert dm.token == INSTALLED_TOKEN


def test_a_workspace_that_never_installed_gets_no_send_and_no_crash(installed) -> None:
    slack, _, runtime = installed
    seed = Seed(runtime.deps.engine, team_id="TNEVER")
    seed.item("Orphan", seed.person("Nobody", "UNOBODY"), date(2026, 11, 20))
    outcomes = run_reminder_sweep(
        runtime.deps.engine, runtime.deps.client_for, StoppedClock(WEDNESDAY)
    )
    assert [(o.status, "not installed" in (o.error or "")) for o in outcomes] == [("failed", True)]
    assert not slack.called("chat.postMessage")


# Enterprise Grid: envelopes shaped like slackapi/bolt-python's
# tests/scenario_tests/test_events_org_apps.py (enterprise_id beside team_id, and
# `authorizations` naming where the bot is installed).
GRID_TOKEN, ORG_TOKEN = "xoxb-grid-workspace", "xoxb-grid-org"
GRID_GRANT = {**GRANT, "access_token": GRID_TOKEN, "enterprise": {"id": "E1", "name": "Org"}}
ORG_GRANT = {
    **GRANT,
    "access_token": ORG_TOKEN,
    "enterprise": {"id": "E1", "name": "Org"},
    "team": None,
    "is_enterprise_install": True,
}


def _grid_envelope(org_wide: bool) -> dict:
    return {
        "team_id": "T1",
        "enterprise_id": "E1",
        "authorizations": [
            {
                "enterprise_id": "E1",
                "team_id": None if org_wide else "T1",
                "user_id": "UBOT",
                "is_bot": True,
                "is_enterprise_install": org_wide,
            }
        ],
        "is_ext_shared_channel": False,
    }


def _grid_command(url: str, slack: FakeSlack, text: str, org_wide: bool) -> None:
    SlackSender(url, SECRET).form(
        {
            "command": "/followthrough",
            "text": text,
            "team_id": "T1",
            "team_domain": "acme",
            "enterprise_id": "E1",
            "enterprise_name": "Org",
            "is_enterprise_install": "true" if org_wide else "false",
            "user_id": "UADMIN",
            "channel_id": "C1",
            "trigger_id": f"tr-{text}",
            "response_url": f"{slack.url}/response/grid",
        }
    )


@pytest.mark.parametrize(
    ("grant", "org_wide"), [(GRID_GRANT, False), (ORG_GRANT, True)], ids=["workspace", "org-wide"]
)
def test_a_grid_install_serves_events_commands_ephemeral_clicks_and_reminders(
    installed, grant: dict, org_wide: bool
) -> None:
    slack, url, runtime = installed
    slack.oauth_grant = grant
    slack.add_user("UADMIN", "Admin")
    slack.add_user("UANA", "Ana")
    _install(url)
    slack.threads[("C1", "1795000000.000100")] = [
        {"ts": "1795000000.000100", "user": "UADMIN", "text": "<@UADMIN> to write the FAQ"},
    ]
    mention = {
        "type": "app_mention",
        "user": "UADMIN",
        "channel": "C1",
        "text": "<@UBOT> go",
        "ts": "1795000000.000200",
        "thread_ts": "1795000000.000100",
    }
    sender = SlackSender(url, SECRET)
    assert sender.event(mention, envelope=_grid_envelope(org_wide))[0] == 200
    runtime.workers[0].run_until_empty()
    [reply] = [c for c in slack.calls if c.method == "chat.postMessage"]
    assert reply.token == grant["access_token"] and "action item" in reply.params["text"]

    _grid_command(url, slack, "mine", org_wide)
    runtime.workers[0].run_until_empty()
    listed = slack.responses[-1]
    actions = next(b for b in listed["blocks"] if b["type"] == "actions")
    click = {
        "type": "block_actions",
        "team": None if org_wide else {"id": "T1", "domain": "acme", "enterprise_id": "E1"},
        "enterprise": {"id": "E1", "name": "Org"},
        "is_enterprise_install": org_wide,
        "user": {"id": "UADMIN", "team_id": "T1"},
        "container": {
            "type": "message",
            "message_ts": "1800000000.123456",
            "channel_id": "C1",
            "is_ephemeral": True,
        },
        "channel": {"id": "C1"},
        "response_url": f"{slack.url}/response/grid-click",
        "actions": [
            {**actions["elements"][0], "block_id": actions["block_id"], "action_ts": "7.1"}
        ],
    }
    assert sender.interaction(click)[0] == 200
    runtime.workers[0].run_until_empty()
    assert slack.responses[-1]["replace_original"] is True
    assert slack.responses[-1]["text"] == "You have no open items."
    assert not slack.called("chat.update")

    seed = Seed(runtime.deps.engine)
    seed.item("Book the venue", seed.person("Ana", "UANA"), date(2026, 11, 20))
    [outcome] = run_reminder_sweep(
        runtime.deps.engine, runtime.deps.client_for, StoppedClock(WEDNESDAY)
    )
    assert outcome.status == "sent"
    assert {c.token for c in slack.calls if c.method == "chat.postMessage"} == {
        grant["access_token"]
    }


def _seed_sends(runtime: Runtime) -> Seed:
    """A late item (a reminder due), and an item waiting on it (a slip alert due)."""
    seed = Seed(runtime.deps.engine)
    admin, ana = seed.person("Admin", "UADMIN"), seed.person("Ana", "UANA")
    api = seed.item("Ship the API", admin, date(2026, 11, 20))
    checkout = seed.item("Build checkout", ana, date(2026, 11, 26))
    with session_scope(runtime.deps.engine) as session:
        session.add(
            Dependency(
                team_id=seed.team_id,
                program_id=seed.program.id,
                upstream_item_id=api.id,
                downstream_item_id=checkout.id,
                created_at=CREATED,
            )
        )
    return seed


def _every_scheduled_send(runtime: Runtime, now: datetime) -> list:
    engine, clients, clock = runtime.deps.engine, runtime.deps.client_for, StoppedClock(now)
    return [
        *run_reminder_sweep(engine, clients, clock),
        *post_due_digests(engine, clients, clock),
        *send_slip_alerts(engine, clients, clock),
    ]


LIFECYCLE_EVENTS = {
    "app_uninstalled": {"type": "app_uninstalled"},
    "tokens_revoked": {"type": "tokens_revoked", "tokens": {"oauth": ["UADMIN"], "bot": ["UBOT"]}},
}


@pytest.mark.parametrize("event", sorted(LIFECYCLE_EVENTS))
def test_losing_the_app_deletes_the_tokens_and_stops_every_send(installed, event: str) -> None:
    slack, url, runtime = installed
    _install(url)
    seed = _seed_sends(runtime)
    seed.update_program(digest_schedule="wed 09:00")
    slack.fail_next("chat.postMessage", status=503, retry_after=None, times=6)
    waiting = run_reminder_sweep(
        runtime.deps.engine, runtime.deps.client_for, StoppedClock(WEDNESDAY)
    )
    assert [o.status for o in waiting] == ["retry", "retry"], "reminders left to retry"

    status, _ = SlackSender(url, SECRET).event(LIFECYCLE_EVENTS[event])
    assert status == 200
    store = installation_store(runtime.deps.settings, runtime.deps.engine)
    assert store.find_bot(enterprise_id=None, team_id="T1") is None
    with Session(runtime.deps.engine) as session:
        claims = session.exec(select(Delivery)).all()
    assert {(c.status, c.error) for c in claims} == {("failed", UNINSTALLED)}

    posted = len(slack.called("chat.postMessage"))
    later = WEDNESDAY + timedelta(minutes=30)
    assert _every_scheduled_send(runtime, later) == []
    assert len(slack.called("chat.postMessage")) == posted, "nothing reaches Slack"

    _install(url)
    assert {o.status for o in _every_scheduled_send(runtime, later + timedelta(days=1))} == {"sent"}


def test_a_revoked_user_token_leaves_the_bot_working(installed) -> None:
    _, url, runtime = installed
    _install(url)
    _seed_sends(runtime)
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": ["UADMIN"]}}
    assert SlackSender(url, SECRET).event(revoked)[0] == 200
    store = installation_store(runtime.deps.settings, runtime.deps.engine)
    assert store.find_bot(enterprise_id=None, team_id="T1") is not None
    assert "sent" in {o.status for o in _every_scheduled_send(runtime, WEDNESDAY)}


def _raw_secrets(runtime: Runtime) -> list[str]:
    """Every stored value of the store's secret columns, as the database holds it."""
    with runtime.deps.engine.connect() as connection:
        return [
            value
            for table, columns in (
                ("slack_bots", "bot_token, bot_refresh_token"),
                ("slack_installations", "bot_token, user_token, incoming_webhook_url"),
            )
            for row in connection.execute(text(f"SELECT {columns} FROM {table}"))
            for value in row
            if value
        ]


def _store_with(runtime: Runtime, keys: str):
    settings = runtime.deps.settings.model_copy(update={"token_keys": keys})
    return settings, installation_store(settings, runtime.deps.engine)


def test_stored_tokens_are_ciphertext_and_open_with_the_key(installed) -> None:
    _, url, runtime = installed
    _install(url)
    stored = _raw_secrets(runtime)
    assert stored and all(v.startswith("gAAAAA") for v in stored)
    assert not [v for v in stored if "xox" in v]
    _, store = _store_with(runtime, TOKEN_KEY)
    bot = store.find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == INSTALLED_TOKEN


def test_rotation_re_encrypts_with_the_new_key_so_the_old_one_can_go(installed, capsys) -> None:
    _, url, runtime = installed
    _install(url)
    before = _raw_secrets(runtime)
    new = Fernet.generate_key().decode()
    settings, _ = _store_with(runtime, f"{new},{TOKEN_KEY}")
    assert rotate_tokens(settings, runtime.deps.engine) == len(before)
    after = _raw_secrets(runtime)
    assert len(after) == len(before) and not set(after) & set(before)
    _, only_new = _store_with(runtime, new)
    assert only_new.find_bot(enterprise_id=None, team_id="T1").bot_token == INSTALLED_TOKEN
    _, only_old = _store_with(runtime, TOKEN_KEY)
    with pytest.raises(TokenKeyError, match="opens with none"):
        only_old.find_bot(enterprise_id=None, team_id="T1")


def test_tokens_stored_before_encryption_are_read_then_encrypted_by_rotation(installed) -> None:
    _, _, runtime = installed
    settings = runtime.deps.settings
    plain = SQLAlchemyInstallationStore(
        client_id=settings.slack_client_id, engine=runtime.deps.engine
    )
    plain.save(Installation(app_id="A1", team_id="T9", user_id="U9", bot_token="xoxb-plain-old"))
    _, store = _store_with(runtime, TOKEN_KEY)
    assert store.find_bot(enterprise_id=None, team_id="T9").bot_token == "xoxb-plain-old"
    assert rotate_tokens(settings, runtime.deps.engine) == 2  # the bot row and the install row
    assert not [v for v in _raw_secrets(runtime) if "xox" in v]
    assert store.find_bot(enterprise_id=None, team_id="T9").bot_token == "xoxb-plain-old"


def test_oauth_mode_without_a_key_refuses_to_start(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    for name, value in {
        "DATABASE_URL": sqlite_url,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_CLIENT_ID": "111.222",
        "SLACK_CLIENT_SECRET": "client-secret",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("SLACK_BOT_TOKEN", "FOLLOWTHROUGH_TOKEN_KEYS"):
        monkeypatch.delenv(name, raising=False)
    assert main(["serve"]) == 2
    assert "set FOLLOWTHROUGH_TOKEN_KEYS" in capsys.readouterr().err
    monkeypatch.setenv("FOLLOWTHROUGH_TOKEN_KEYS", "not-a-key")
    assert main(["db", "rotate-tokens"]) == 2
    assert "must be Fernet keys" in capsys.readouterr().err


def test_a_full_flow_logs_no_token_or_secret(installed, capsys) -> None:
    """Logged as `serve` logs, at DEBUG so slack_sdk's request and response bodies (the
    OAuth exchange's carries the new token) are written too."""
    slack, url, runtime = installed
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure_logging("DEBUG")
    try:
        _install(url)
        slack.threads[("C1", "1795000000.000100")] = [
            {"ts": "1795000000.000100", "user": "UADMIN", "text": "<@UADMIN> to write the FAQ"},
        ]
        event = {
            "type": "app_mention",
            "user": "UADMIN",
            "channel": "C1",
            "text": "<@UBOT> go",
            "ts": "1795000000.000200",
            "thread_ts": "1795000000.000100",
        }
        assert SlackSender(url, SECRET).event(event)[0] == 200
        assert SlackSender(url, "wrong").event(event)[0] == 401
        runtime.workers[0].run_until_empty()
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    logged = capsys.readouterr().err
    assert "oauth.v2.access" in logged and "chat.postMessage" in logged
    assert "xoxb-(redacted)" in logged
    for secret in (INSTALLED_TOKEN, "client-secret", SECRET, TOKEN_KEY, *_raw_secrets(runtime)):
        assert secret not in logged, f"{secret[:12]}… appears in the logs"


def test_long_tokens_fit_once_encrypted_on_both_databases(database_url: str) -> None:
    settings = Settings(
        _env_file=None, SLACK_CLIENT_ID="long.tokens", FOLLOWTHROUGH_TOKEN_KEYS=TOKEN_KEY
    )
    engine = get_engine(database_url)
    store = installation_store(settings, engine)
    user_token = "xoxp-" + "1" * 72  # a user token's length; ciphertext of it is over 200
    refresh = "xoxe-1-" + "r" * 140
    webhook = "https://hooks.slack.com/services/T00000000/B00000000/" + "w" * 24
    store.save(
        Installation(
            app_id="A1",
            team_id="TLONG",
            user_id="U1",
            bot_token="xoxb-" + "2" * 50,
            bot_refresh_token=refresh,
            user_token=user_token,
            user_refresh_token=refresh,
            incoming_webhook_url=webhook,
        )
    )
    try:
        found = store.find_installation(enterprise_id=None, team_id="TLONG")
        assert (found.user_token, found.bot_refresh_token) == (user_token, refresh)
        assert found.incoming_webhook_url == webhook
    finally:
        store.delete_installation(enterprise_id=None, team_id="TLONG")
        store.delete_bot(enterprise_id=None, team_id="TLONG")
