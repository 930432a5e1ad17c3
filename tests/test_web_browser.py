"""The dashboard in a real browser: Debian's headless Chromium driven by selenium.

`followthrough demo` writes the demo program, notes carrying a <script> tag are
ingested into it, and every page is loaded the way a person would open it. With
FOLLOWTHROUGH_SCREENSHOT_DIR set, each page is also saved as a PNG (README's pictures).
"""

from __future__ import annotations

import base64
import os
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait
from sqlalchemy import Engine

from cli.main import main
from coordination.analysis.health import SEVERITY
from coordination.clock import ClockFrom, system_clock
from coordination.dashboard import Dashboard
from storage.db import get_engine
from tests.fakes.dashboard_seed import seed_friction
from tests.test_web_signin import ANA_T1, serve_with_dashboard
from web.access import LocalAccess
from web.app import create_app
from web.server import local_server

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)
SCRIPT_NOTES = """# Security review

## Action items
- Dana to publish the <script>window.__pwned = 1</script> launch FAQ by Friday
"""
PAGES = ("", "dependencies", "capacity", "timeline", "risks", "items")
DEMO_NOW = datetime(2026, 12, 2, 9, tzinfo=UTC)
"""The demo's notes say "by Friday": which projects run late depends on the weekday."""


@pytest.fixture
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        driver.set_page_load_timeout(30)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def demo_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Iterator[str]:
    """The demo program, served as `followthrough dashboard` serves it."""
    url = f"sqlite:///{tmp_path / 'followthrough.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("FOLLOWTHROUGH_MODEL", raising=False)
    (tmp_path / "security.md").write_text(SCRIPT_NOTES)
    assert main(["demo", "--now", DEMO_NOW.isoformat()]) == 0
    ingest = ["ingest", "security.md", "--program", "Atlas Launch", "--now", DEMO_NOW.isoformat()]
    assert main(ingest) == 0
    capsys.readouterr()
    app = create_app(
        Dashboard(get_engine(url)), LocalAccess("local"), ClockFrom(DEMO_NOW), secret_key="k"
    )
    server = local_server(app, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _screenshot(driver: WebDriver, name: str) -> None:
    folder = os.environ.get("FOLLOWTHROUGH_SCREENSHOT_DIR")
    if not folder:
        return
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 2400)}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True, "clip": {**clip, "scale": 1}},
    )
    path = Path(folder) / f"dashboard-{name or 'overview'}.png"
    path.write_bytes(base64.b64decode(shot["data"]))


def _wait_for_heading(driver: WebDriver, text: str) -> None:
    """After a click the old page may still be up: wait for the next one. The heading
    found may belong to the page being replaced and go stale while it is read."""
    WebDriverWait(
        driver, 15, ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
    ).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == text)


def _open_program(driver: WebDriver, site: str) -> str:
    driver.get(site + "/")
    driver.find_element(By.LINK_TEXT, "Atlas Launch").click()
    _wait_for_heading(driver, "Atlas Launch")
    return driver.current_url


def test_every_page_of_the_demo_shows_its_friction(browser: WebDriver, demo_site: str) -> None:
    program = _open_program(browser, demo_site)
    for name in PAGES:
        browser.get(program + name)
        assert browser.find_element(By.TAG_NAME, "h1").text
        assert "Not found" not in browser.title
        _screenshot(browser, name)

    browser.get(program)
    verdicts = [
        row.find_element(By.CSS_SELECTOR, ".verdict").text
        for row in browser.find_elements(By.CSS_SELECTOR, "#projects tbody tr")
    ]
    assert len(verdicts) == 4
    assert verdicts == sorted(verdicts, key=SEVERITY.__getitem__)
    assert verdicts[0] != "on track" and verdicts[-1] == "on track"

    browser.get(program + "dependencies")
    [blocked] = browser.find_elements(By.CSS_SELECTOR, "#graph svg g.edge.blocked")
    assert "blocked" in blocked.text
    assert browser.find_elements(By.CSS_SELECTOR, "#graph svg g.node.item a")

    browser.get(program + "capacity")
    [over] = browser.find_elements(By.CSS_SELECTOR, "#capacity td.over")
    assert over.text == "3/2 !"
    assert "over capacity" in over.get_attribute("title")


def test_a_script_in_the_notes_is_shown_and_never_run(browser: WebDriver, demo_site: str) -> None:
    program = _open_program(browser, demo_site)
    for name in PAGES:
        browser.get(program + name)
        assert browser.execute_script("return window.__pwned === undefined")
    browser.get(program + "items")
    browser.find_element(By.PARTIAL_LINK_TEXT, "launch FAQ").click()
    WebDriverWait(browser, 15).until(lambda d: d.find_elements(By.TAG_NAME, "blockquote"))
    evidence = browser.find_element(By.TAG_NAME, "blockquote").text
    assert "<script>window.__pwned = 1</script>" in evidence
    assert browser.execute_script("return window.__pwned === undefined")


def test_a_signed_in_person_gets_not_found_for_another_workspace(
    browser: WebDriver, engine: Engine, database_url: str
) -> None:
    for served in serve_with_dashboard(engine, database_url):
        served.browser.slack.signed_in_user = ANA_T1
        browser.get(served.browser.url + "/")
        browser.find_element(By.LINK_TEXT, "Sign in with Slack").click()
        _wait_for_heading(browser, "Programs")
        assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, "main li a")] == ["Atlas"]
        browser.get(f"{served.browser.url}/programs/{served.theirs.program_id}/")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Not found"
        browser.get(f"{served.browser.url}/programs/{served.mine.program_id}/")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Atlas"
        browser.find_element(By.CSS_SELECTOR, "header button").click()
        _wait_for_heading(browser, "Sign in")


def test_the_seeded_program_renders_in_the_browser_too(browser: WebDriver, engine: Engine) -> None:
    seeded = seed_friction(engine)
    app = create_app(Dashboard(engine), LocalAccess("T1"), system_clock, secret_key="k")
    server = local_server(app, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{server.server_port}/programs/{seeded.program_id}/")
        first = browser.find_element(By.CSS_SELECTOR, "#projects tbody tr td a")
        assert first.text == "Warehouse"
    finally:
        server.shutdown()
        server.server_close()
