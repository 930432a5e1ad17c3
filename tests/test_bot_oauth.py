"""Multi-workspace mode: a workspace installs through OAuth, then the bot works there
with that workspace's own token, in listeners, jobs and scheduled sends."""

from __future__ import annotations

import re
import threading
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from bot.app import Runtime, build_runtime
from bot.http import Readiness, make_http_server
from bot.scheduling import run_reminder_sweep
from coordination.clock import ClockFrom
from coordination.settings import Settings
from storage.db import get_engine
from tests.fakes.clocks import StoppedClock
from tests.fakes.program_seed import Seed
from tests.fakes.slack_api import FakeSlack, SlackSender

SECRET = "oauth-signing-secret"
INSTALLED_TOKEN = "xoxb-installed-beta"
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
