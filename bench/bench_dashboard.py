"""Every dashboard page of a 50,000-item / 200-project program: time and query count.

Builds the program of bench/program_generator.py in a throwaway database on the test
server (FOLLOWTHROUGH_TEST_PG_URL), then renders each page through the real Flask app
(server-side: routing, reads, charts, Graph layout, templates; no network) and prints
the best of three runs and the SQL queries one run made. The target is under 1 s a
page with a query count that does not depend on the number of items.

Run: .venv/bin/python -m bench.bench_dashboard
"""

from __future__ import annotations

import time

from sqlmodel import Session, select

from bench.bench_program_scale import NOW, throwaway_database
from bench.program_generator import ITEMS, PROJECTS, TEAM, generate
from bench.query_count import counting_queries
from coordination.dashboard import Dashboard
from storage.db import get_engine
from storage.migrate import upgrade
from storage.models import Program
from web.access import LocalAccess
from web.app import create_app

RUNS = 3


def main() -> None:
    with throwaway_database() as url:
        upgrade(url)
        engine = get_engine(url)
        started = time.perf_counter()
        generate(engine, today=NOW.date(), now=NOW)
        print(
            f"generated {ITEMS} items, {PROJECTS} projects in {time.perf_counter() - started:.1f} s"
        )
        with Session(engine) as session:
            program = session.exec(select(Program).where(Program.team_id == TEAM)).one()
        app = create_app(Dashboard(engine), LocalAccess(TEAM), lambda: NOW, secret_key="bench")
        client = app.test_client()
        base = f"/programs/{program.id}"
        pages = {
            "overview": f"{base}/",
            "dependencies": f"{base}/dependencies",
            "capacity": f"{base}/capacity",
            "timeline": f"{base}/timeline",
            "risks": f"{base}/risks",
            "items (page 1 of all)": f"{base}/items",
            "items (owner, overdue)": f"{base}/items?owner=7&overdue=1",
            "item": f"{base}/items/123",
            "items.csv (every item, download)": f"{base}/items.csv",
        }
        client.get(pages["overview"])  # matplotlib's and Graphviz's first-use costs
        dashboard = Dashboard(engine)
        best, queries = float("inf"), 0
        for _ in range(RUNS):
            with counting_queries(engine) as statements:
                started = time.perf_counter()
                dashboard.page([TEAM], program.id, NOW)
                best = min(best, time.perf_counter() - started)
            queries = len(statements)
        print(f"{'page':<36} {'best ms':>8} {'queries':>8} {'KB':>7}")
        print(f"{'(the program view alone)':<36} {best * 1000:8.0f} {queries:8d} {'-':>7}")
        for label, path in pages.items():
            best, queries, size = float("inf"), 0, 0
            for _ in range(RUNS):
                with counting_queries(engine) as statements:
                    started = time.perf_counter()
                    response = client.get(path)
                    best = min(best, time.perf_counter() - started)
                assert response.status_code == 200, (path, response.status_code)
                queries, size = len(statements), len(response.data)
            print(f"{label:<36} {best * 1000:8.0f} {queries:8d} {size / 1024:7.0f}")
        engine.dispose()


if __name__ == "__main__":
    main()
