"""Sign in with Slack on `serve`'s HTTP server, against the fake Slack's OpenID Connect.

The browser side is urllib with a cookie jar following redirects, as a browser would:
dashboard -> Slack's authorize page -> the dashboard's callback -> the programs.
"""

from __future__ import annotations

import http.cookiejar
import json
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from bot.app import Runtime, build_runtime
from bot.dashboard import dashboard_app
from bot.http import Readiness, make_http_server
from coordination.clock import ClockFrom
from coordination.settings import Settings
from tests.fakes.dashboard_seed import NOW, Seeded, seed_friction
from tests.fakes.slack_api import FakeSlack, SlackSender
from tests.fakes.slack_signin_files import SlackUser

ANA_T1 = SlackUser("UANA", "Ana Lima", "T1", "Acme")
SECRET = "signing-secret"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Browser:
    url: str
    slack: FakeSlack
    jar: http.cookiejar.CookieJar

    def open(self, path: str, *, follow: bool = True, data: bytes | None = None):  # type: ignore[no-untyped-def]
        handlers: list[urllib.request.BaseHandler] = [urllib.request.HTTPCookieProcessor(self.jar)]
        if not follow:
            handlers.append(NoRedirects())
        opener = urllib.request.build_opener(*handlers)
        target = path if path.startswith("http") else self.url + path
        try:
            response = opener.open(target, data=data, timeout=20)
        except urllib.error.HTTPError as failure:
            return failure.code, failure.read().decode(), failure.headers, target
        return response.status, response.read().decode(), response.headers, response.url

    def sign_in(self) -> str:
        status, body, _, final = self.open("/signin/slack")
        assert status == 200, body
        return final


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Served:
    browser: Browser
    mine: Seeded
    theirs: Seeded
    sender: SlackSender
    runtime: Runtime


def serve_with_dashboard(engine: Engine, database_url: str, **env: str) -> Iterator[Served]:
    mine = seed_friction(engine, team_id="T1", program="Atlas")
    theirs = seed_friction(engine, team_id="T2", program="Borealis")
    slack = FakeSlack().start()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    slack.oidc_client.redirect_uris = [f"{url}/signin/callback"]
    values = {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "SLACK_CLIENT_ID": slack.oidc_client.client_id,
        "SLACK_CLIENT_SECRET": slack.oidc_client.client_secret,
        "FOLLOWTHROUGH_PUBLIC_URL": url,
        "FOLLOWTHROUGH_SESSION_SECRET": "cookie-secret",
    }
    settings = Settings(_env_file=None, **{**values, **env})
    runtime = build_runtime(settings, clock=ClockFrom(NOW), workers=1, engine=engine)
    server = make_http_server(
        runtime.app,
        Readiness(engine, check_token=lambda: True),
        host="127.0.0.1",
        port=port,
        pages=dashboard_app(settings, engine, ClockFrom(NOW)),
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Served(
        Browser(url, slack, http.cookiejar.CookieJar()),
        mine,
        theirs,
        SlackSender(url, SECRET),
        runtime,
    )
    server.shutdown()
    server.server_close()
    slack.stop()


@pytest.fixture
def served(engine: Engine, database_url: str) -> Iterator[Served]:
    yield from serve_with_dashboard(engine, database_url)


def test_pages_ask_to_sign_in_first(served: Served) -> None:
    status, _, headers, _ = served.browser.open(
        f"/programs/{served.mine.program_id}/", follow=False
    )
    assert status == 302 and headers["Location"].endswith("/signin")
    status, body, _, _ = served.browser.open("/signin")
    assert status == 200 and "Sign in with Slack" in body


def test_signed_in_person_sees_only_their_workspaces_programs(served: Served) -> None:
    served.browser.slack.signed_in_user = ANA_T1
    final = served.browser.sign_in()
    assert final == served.browser.url + "/"
    _, programs, _, _ = served.browser.open("/")
    assert "Atlas" in programs and "Borealis" not in programs and "Ana Lima" in programs
    assert served.browser.open(f"/programs/{served.mine.program_id}/")[0] == 200
    assert served.browser.open(f"/programs/{served.theirs.program_id}/")[0] == 404
    assert served.browser.open(f"/programs/{served.theirs.program_id}/items.csv")[0] == 404
    [token_call] = served.browser.slack.called("openid.connect.token")
    assert token_call["redirect_uri"] == served.browser.url + "/signin/callback"


def test_the_session_cookie_is_signed_http_only_and_lax(served: Served) -> None:
    served.browser.slack.signed_in_user = ANA_T1
    served.browser.sign_in()
    [cookie] = [c for c in served.browser.jar if c.name == "followthrough_session"]
    assert cookie.has_nonstandard_attr("HttpOnly")
    forged = http.cookiejar.CookieJar()
    forged.set_cookie(cookie)
    cookie.value = cookie.value[:-4] + "AAAA"
    stranger = Browser(served.browser.url, served.browser.slack, forged)
    assert stranger.open(f"/programs/{served.mine.program_id}/", follow=False)[0] == 302


def test_a_callback_without_this_browsers_state_signs_nobody_in(served: Served) -> None:
    served.browser.slack.signed_in_user = ANA_T1
    query = urllib.parse.urlencode({"code": "code-1", "state": "forged"})
    _, body, _, final = served.browser.open(f"/signin/callback?{query}")
    assert final.startswith(served.browser.url + "/signin?error=")
    assert "expired" in body
    assert served.browser.open(f"/programs/{served.mine.program_id}/", follow=False)[0] == 302
    assert served.browser.slack.called("openid.connect.token") == []


def test_a_refused_code_exchange_says_so_and_signs_nobody_in(served: Served) -> None:
    served.browser.slack.signed_in_user = ANA_T1
    served.browser.slack.oidc_client.client_secret = "rotated"
    final = served.browser.sign_in()
    assert "error=" in final
    assert served.browser.open(f"/programs/{served.mine.program_id}/", follow=False)[0] == 302


def test_sign_out_ends_the_session(served: Served) -> None:
    served.browser.slack.signed_in_user = ANA_T1
    served.browser.sign_in()
    status, _, _, final = served.browser.open("/signout", data=b"")
    assert status == 200 and final.endswith("/signin")
    assert served.browser.open(f"/programs/{served.mine.program_id}/", follow=False)[0] == 302


def test_slack_endpoints_and_health_still_answer_beside_the_pages(served: Served) -> None:
    assert served.browser.open("/healthz")[0] == 200
    status, _ = served.sender.event(
        {"type": "app_mention", "user": "U1", "channel": "C1", "text": "<@UBOT> help", "ts": "1.2"}
    )
    assert status == 200


def test_without_sign_in_settings_serve_shows_no_pages(engine: Engine, database_url: str) -> None:
    for served in serve_with_dashboard(engine, database_url, FOLLOWTHROUGH_SESSION_SECRET=""):
        status, body, _, _ = served.browser.open("/", follow=False)
        assert status == 404 and "not found" in body


def test_slash_status_links_to_the_programs_page(served: Served) -> None:
    command = {
        "command": "/followthrough",
        "text": "status Atlas",
        "team_id": "T1",
        "user_id": "UANA",
        "channel_id": "C1",
        "trigger_id": "tr-1",
        "response_url": f"{served.browser.slack.url}/response/1",
    }
    assert served.sender.form(command)[0] == 200
    served.runtime.workers[0].run_until_empty()
    [answer] = served.browser.slack.responses
    page = f"{served.browser.url}/programs/{served.mine.program_id}/"
    assert f"<{page}|Open the dashboard>" in json.dumps(answer["blocks"])
