"""A burst of 200 signed mentions at the running app, with a model that takes 5 s a call.

Measures what Slack would: how long each request waits for its ack (target p99 < 300 ms)
and whether every mention got exactly one reply (zero lost, zero doubled). Everything
runs on 127.0.0.1: the app's HTTP server, a fake Slack Web API and a fake OpenAI server,
on a throwaway PostgreSQL database; the app runs in its own `followthrough serve`
process. Bounded: it gives up waiting for replies after
DEADLINE seconds. Run: .venv/bin/python -m bench.bench_mention_burst
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from storage.db import get_engine
from storage.migrate import upgrade
from tests.databases import throwaway_postgres
from tests.fakes.openai_server import fake_openai_server, recording
from tests.fakes.slack_api import FakeSlack, SlackSender
from tests.replicas import start_replica, start_worker

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


def run(database_url: str, log: Path) -> None:
    """The app runs as in production: a `followthrough serve --workers 0` process takes
    the requests and a `followthrough worker` process does the slow work, so acks never
    wait behind extraction for the interpreter, and the fake servers and the senders
    here do not compete with either."""
    slack = FakeSlack().start()
    slack.add_user("UANA", "Ana")
    with fake_openai_server() as model:
        model.enqueue(*[recording("weekly_sync", delay=MODEL_DELAY) for _ in range(MENTIONS * 3)])
        env = {
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-b",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "OPENAI_BASE_URL": model.base_url,
            "OPENAI_API_KEY": "bench",
            "FOLLOWTHROUGH_MODEL": "gpt-4o-mini",
        }
        replica = start_replica(env, log, workers=0)
        workers = start_worker(env, log, threads=WORKERS)
        sender = SlackSender(replica.url, SECRET)
        with ThreadPoolExecutor(SENDERS) as pool:
            results = list(pool.map(lambda i: _fire(sender, i), range(MENTIONS)))
        waited = time.monotonic()
        while len(_replies(slack)) < MENTIONS and time.monotonic() - waited < DEADLINE:
            time.sleep(0.5)
        drain = time.monotonic() - waited
        replica.stop()
        workers.terminate()
        workers.wait(timeout=30)
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
    with throwaway_postgres() as url, tempfile.TemporaryDirectory() as folder:
        upgrade(url)
        get_engine(url).dispose()
        run(url, Path(folder) / "serve.log")
