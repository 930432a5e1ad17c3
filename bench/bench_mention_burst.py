"""A burst of 200 signed mentions at the running app, with a model that takes 5 s a call.

Measures what Slack would: how long each request waits for its ack (target p99 < 300 ms)
and whether every mention got exactly one reply (zero lost, zero doubled). Everything
runs on 127.0.0.1: the app's HTTP server, a fake Slack Web API and a fake OpenAI server,
on a throwaway PostgreSQL database. Bounded: it gives up waiting for replies after
DEADLINE seconds. Run: .venv/bin/python -m bench.bench_mention_burst
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine

from bot.app import build_runtime
from bot.http import Readiness, make_http_server
from coordination.settings import Settings
from storage.db import get_engine
from storage.migrate import upgrade
from tests.databases import throwaway_postgres
from tests.fakes.openai_server import fake_openai_server, recording
from tests.fakes.slack_api import FakeSlack, SlackSender

MENTIONS = 200
SENDERS = 20
WORKERS = 25
MODEL_DELAY = 5.0
DEADLINE = 120.0
SECRET = "bench-secret"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _fire(sender: SlackSender, index: int) -> tuple[int, float]:
    thread_ts = f"1795000000.{index:06d}"
    event = {
        "type": "app_mention",
        "user": "UANA",
        "channel": "C1",
        "ts": thread_ts,
        "text": f"<@UBOT> Action items:\n- Ana to send plan {index} by 2026-12-04",
    }
    started = time.perf_counter()
    status, _ = sender.event(event, event_id=f"EvBench{index}")
    return status, time.perf_counter() - started


def _replies(slack: FakeSlack) -> Counter[str]:
    return Counter(p.get("thread_ts") for p in slack.posts())


def run(database_url: str) -> None:
    slack = FakeSlack().start()
    slack.add_user("UANA", "Ana")
    with fake_openai_server() as model:
        model.enqueue(*[recording("weekly_sync", delay=MODEL_DELAY) for _ in range(MENTIONS * 3)])
        os.environ.update(OPENAI_BASE_URL=model.base_url, OPENAI_API_KEY="bench")
        settings = Settings(
            _env_file=None,
            DATABASE_URL=database_url,
            SLACK_BOT_TOKEN="xoxb-b",
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=slack.api_url,
            FOLLOWTHROUGH_MODEL="gpt-4o-mini",
        )
        engine = create_engine(database_url, pool_size=WORKERS + SENDERS, max_overflow=10)
        runtime = build_runtime(settings, workers=WORKERS, engine=engine)
        server = make_http_server(
            runtime.app, Readiness(runtime.deps.engine, lambda: True), host="127.0.0.1", port=0
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        runtime.start_background()
        sender = SlackSender(f"http://127.0.0.1:{server.server_address[1]}", SECRET)
        with ThreadPoolExecutor(SENDERS) as pool:
            results = list(pool.map(lambda i: _fire(sender, i), range(MENTIONS)))
        waited = time.monotonic()
        while len(_replies(slack)) < MENTIONS and time.monotonic() - waited < DEADLINE:
            time.sleep(0.5)
        drain = time.monotonic() - waited
        runtime.stop()
        server.shutdown()
    slack.stop()
    latencies = [seconds * 1000 for _, seconds in results]
    replies = _replies(slack)
    print(
        f"mentions sent: {MENTIONS} ({SENDERS} concurrent senders), "
        f"non-200 acks: {sum(1 for s, _ in results if s != 200)}"
    )
    print(
        f"ack latency ms: p50 {statistics.median(latencies):.1f}, "
        f"p99 {_percentile(latencies, 0.99):.1f}, max {max(latencies):.1f}"
    )
    print(
        f"model calls: {len(model.requests)}; replies after {drain:.1f}s: "
        f"{len(replies)} threads answered, lost {MENTIONS - len(replies)}, "
        f"doubled {sum(1 for n in replies.values() if n > 1)}"
    )


if __name__ == "__main__":
    with throwaway_postgres() as url:
        upgrade(url)
        run(url)
        get_engine(url).dispose()
