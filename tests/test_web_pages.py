"""The dashboard's pages over real HTTP, on SQLite and PostgreSQL, without sign-in."""

from __future__ import annotations

import csv
import io
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, event

from coordination.dashboard import Dashboard
from tests.fakes.dashboard_seed import NOW, SCRIPT_TASK, Seeded, add_items, seed_friction
from web.access import LocalAccess
from web.app import create_app
from web.server import local_server


@dataclass
class Site:
    url: str
    seeded: Seeded
    engine: Engine

    def get(self, path: str) -> tuple[int, str, dict[str, str]]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=20) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as failure:
            return failure.code, failure.read().decode(), dict(failure.headers)

    def page(self, name: str) -> str:
        status, body, _ = self.get(f"/programs/{self.seeded.program_id}/{name}")
        assert status == 200, body
        return body


def serve_site(engine: Engine, seeded: Seeded, team_id: str = "T1") -> Iterator[Site]:
    app = create_app(Dashboard(engine), LocalAccess(team_id), lambda: NOW, secret_key="k")
    server = local_server(app, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield Site(f"http://127.0.0.1:{server.server_port}", seeded, engine)
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(engine: Engine) -> Iterator[Site]:
    yield from serve_site(engine, seed_friction(engine))


def test_overview_lists_the_worst_project_first_with_its_trend(site: Site) -> None:
    body = site.page("")
    table = body[body.index('id="projects"') :]
    order = [table.index(name) for name in ("Warehouse", "Mobile", "Billing")]
    assert order == sorted(order)
    assert "off track" in table[: table.index("Mobile")]
    assert "1 slipped" in body  # the release notes moved later within the week
    assert 'src="data:image/svg+xml;base64,' in body


def test_dependencies_page_draws_the_blocked_edge_and_links_the_item(site: Site) -> None:
    body = site.page("dependencies")
    assert re.search(r'<g id="edge\d+" class="edge blocked', body)
    item_link = f"/programs/{site.seeded.program_id}/items/{site.seeded.blocked_item_id}"
    assert f'href="{item_link}"' in body or f'xlink:href="{item_link}"' in body
    assert "Warehouse" in body and "Build checkout" in body


def test_capacity_marks_the_over_allocated_cell_and_names_what_competes(site: Site) -> None:
    body = site.page("capacity")
    assert re.search(r'<td class="num over"[^>]*data-over="1"[^>]*>\d+/1 !</td>', body)
    competing = body[body.index("Over capacity, and what competes") :]
    assert "Ana Lima" in competing and "Migrate table 0" in competing


def test_timeline_and_risks_pages_render_their_pictures(site: Site) -> None:
    timeline = site.page("timeline")
    assert timeline.count('src="data:image/svg+xml;base64,') == 1
    assert "Billing and Warehouse" in timeline or "Warehouse and Billing" in timeline
    risks = site.page("risks")
    assert "slip hits Mobile" in risks and "derived, not yet in the register" in risks
    assert "▲ from 9" in risks  # the register's risk rose from 9 to 16


def test_note_text_is_escaped_on_every_page_and_no_script_is_allowed(site: Site) -> None:
    for name in ("", "dependencies", "capacity", "risks", "items"):
        body = site.page(name)
        assert "<script" not in body
    items = site.page("items")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in items
    _, _, headers = site.get(f"/programs/{site.seeded.program_id}/")
    assert "script-src 'none'" in headers["Content-Security-Policy"]


def test_items_filter_by_owner_project_status_and_overdue(site: Site) -> None:
    pid = site.seeded.program_id
    overdue = site.page("items?overdue=1")
    assert "3 items" in overdue and "Migrate table 2" in overdue and "Build checkout" not in overdue
    status, body, _ = site.get(f"/programs/{pid}/items?status=done")
    assert status == 200 and "0 items" in body
    mobile = [p for p in re.findall(r'<option value="(\d+)"[^>]*>Mobile<', site.page("items"))]
    assert "2 items" in site.page(f"items?project={mobile[0]}")


def test_a_bad_filter_is_named_and_ignored(site: Site) -> None:
    body = site.page("items?owner=ana&status=lost")
    assert "owner &#39;ana&#39; is not a number; ignored." in body
    assert "status &#39;lost&#39; is not one of open, done, cancelled; ignored." in body
    assert "6 items" in body


def test_item_page_shows_history_evidence_and_source_thread(site: Site) -> None:
    status, body, _ = site.get(
        f"/programs/{site.seeded.program_id}/items/{site.seeded.script_item_id}"
    )
    assert status == 200
    assert "<blockquote>- Ana to sign the &lt;script&gt;" in body
    assert 'href="https://acme.slack.com/archives/C1/p1795000000000100"' in body


def test_csv_download_is_every_matching_item(site: Site) -> None:
    status, body, headers = site.get(f"/programs/{site.seeded.program_id}/items.csv?overdue=1")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["task"] for r in rows] == ["Migrate table 2", "Migrate table 1", "Migrate table 0"]
    assert {r["overdue"] for r in rows} == {"true"}


def test_another_workspaces_program_and_unknown_pages_are_404(engine: Engine) -> None:
    other = seed_friction(engine, team_id="T2", program="Other")
    for site in serve_site(engine, other, team_id="T1"):
        assert site.get(f"/programs/{other.program_id}/")[0] == 404
        assert site.get(f"/programs/{other.program_id}/items.csv")[0] == 404
        assert "Other" not in site.get("/")[1]


def _queries(site: Site, path: str) -> int:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(site.engine, "before_cursor_execute", record)
    try:
        assert site.get(path)[0] == 200
    finally:
        event.remove(site.engine, "before_cursor_execute", record)
    return len(statements)


def test_a_page_costs_the_same_queries_at_any_size(site: Site) -> None:
    pid = site.seeded.program_id
    pages = [f"/programs/{pid}/{p}" for p in ("", "dependencies", "capacity", "items")]
    before = [_queries(site, p) for p in pages]
    add_items(site.engine, site.seeded, 120)
    assert [_queries(site, p) for p in pages] == before
    assert "126 items, page 1 of 3" in site.page("items")


def test_the_program_list_links_each_program(site: Site) -> None:
    status, body, _ = site.get("/")
    assert status == 200 and f'href="/programs/{site.seeded.program_id}/"' in body
    assert SCRIPT_TASK not in body
