"""A burst of 200 signed mentions at the running app, with a model that takes 5 s a call,
against three ways of running it, side by side in one run.

Measures what Slack would: how long each request waits for its ack (target p99 < 300 ms),
how long until every mention has its reply (target < 90 s), and whether every mention
got exactly one reply (zero lost, zero doubled); and, steadier than times on a shared
machine, the CPU the web process (`serve` itself, not its workers) spent per mention
from the first mention to the last ack (with `--workers 25` that includes the jobs
its threads ran meanwhile). Everything runs on 127.0.0.1: the
app's HTTP server, a fake Slack Web API and a fake OpenAI server that sleeps 5 s per
call, each mode on a throwaway PostgreSQL database of its own. The modes:

- default: plain `followthrough serve`, which supervises its worker processes;
- split: `followthrough serve --no-workers` beside a `followthrough worker --threads 25`;
- in-process: `followthrough serve --workers 25`, the job threads inside the web process;
- and for reference the web process alone (`serve --no-workers`, nothing runs the
  jobs): the floor the acks could reach on this machine now.

Bounded: each mode gives up waiting for replies after DEADLINE seconds.
Run: .venv/bin/python -m bench.bench_mention_burst [--modes default,web]
     [--against /path/to/other/checkout]
With --against, each mode runs on the other checkout's code and then on this one's,
back to back, so the two rows of a mode share the machine's load.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from storage.db import get_engine
from storage.migrate import upgrade
from tests.databases import throwaway_postgres
from tests.fakes.openai_server import fake_openai_server, recording
from tests.fakes.slack_api import FakeSlack, SlackSender
from tests.replicas import ROOT, Replica, start_replica, start_worker

MENTIONS = 200
SENDERS = 20
THREADS = 25
MODEL_DELAY = 5.0
DEADLINE = 150.0
SECRET = "bench-secret"
ANSWERED = "all answered after s"

Started = tuple[Replica, list[subprocess.Popen]]
Start = Callable[[dict[str, str], Path, Path], Started]
TICKS = os.sysconf("SC_CLK_TCK")
SETTLE = 0.5
"""Seconds after the last ack for the :eyes: the acks started to finish."""


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU of the process itself (its children are not counted)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass(frozen=True)
class Figures:
    mode: str
    statuses: list[int]
    latencies_ms: list[float]
    web_cpu_ms: float
    answered_after: float
    replies: Counter[str]
    answers: bool

    def row(self) -> str:
        ordered = sorted(self.latencies_ms)
        p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        lost = MENTIONS - len(self.replies)
        doubled = sum(1 for n in self.replies.values() if n > 1)
        non_200 = sum(1 for s in self.statuses if s != 200)
        answered = "– | – | –"
        if self.answers:
            answered = f"{self.answered_after:.1f} | {lost} | {doubled}"
        return (
            f"| {self.mode} | {statistics.median(ordered):.0f} | {p99:.0f} | {max(ordered):.0f} "
            f"| {self.web_cpu_ms / MENTIONS:.1f} | {answered} | {non_200} |"
        )


def _fire(sender: SlackSender, index: int) -> tuple[int, float]:
    event = {
        "type": "app_mention",
        "user": "UANA",
        "channel": "C1",
        "ts": f"1795000000.{index:06d}",
        "text": f"<@UBOT> Action items:\n- Ana to send plan {index} by 2026-12-04",
    }
    started = time.perf_counter()
    status, _ = sender.event(event, event_id=f"EvBench{index}")
    return status, time.perf_counter() - started


def _burst(app_url: str) -> list[tuple[int, float]]:
    sender = SlackSender(app_url, SECRET)
    with ThreadPoolExecutor(SENDERS) as pool:
        return list(pool.map(lambda i: _fire(sender, i), range(MENTIONS)))


def _burst_from_own_process(app_url: str) -> list[tuple[int, float]]:
    """The senders time the acks from a process of their own, as Slack does from its
    side: sharing an interpreter with the fake Web API and model servers, whose threads
    answer the bot meanwhile, would add their GIL waits to every ack measured."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_burst, (app_url,))


def _replies(slack: FakeSlack) -> Counter[str]:
    return Counter(p.get("thread_ts") for p in slack.posts())


def _default(env: dict[str, str], log: Path, root: Path) -> Started:
    return start_replica(env, log, workers=None, root=root), []


def _split(env: dict[str, str], log: Path, root: Path) -> Started:
    replica = start_replica(env, log, workers=0, root=root)
    return replica, [start_worker(env, log, threads=THREADS, root=root)]


def _in_process(env: dict[str, str], log: Path, root: Path) -> Started:
    return start_replica(env, log, workers=THREADS, root=root), []


def _web_alone(env: dict[str, str], log: Path, root: Path) -> Started:
    return start_replica(env, log, workers=0, root=root), []


def _measure(mode: str, start: Start, log: Path, deadline: float, root: Path) -> Figures:
    with throwaway_postgres() as url:
        upgrade(url)
        get_engine(url).dispose()
        slack = FakeSlack().start()
        slack.add_user("UANA", "Ana")
        with fake_openai_server() as model:
            model.enqueue(*[recording("weekly_sync", delay=MODEL_DELAY) for _ in range(MENTIONS)])
            env = {
                "DATABASE_URL": url,
                "SLACK_BOT_TOKEN": "xoxb-b",
                "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": slack.api_url,
                "OPENAI_BASE_URL": model.base_url,
                "OPENAI_API_KEY": "bench",
                "FOLLOWTHROUGH_MODEL": "gpt-4o-mini",
            }
            replica, workers = start(env, log, root)
            time.sleep(3)  # worker processes finish starting, as they would before traffic
            cpu_before, began = _cpu_seconds(replica.process.pid), time.monotonic()
            results = _burst_from_own_process(replica.url)
            time.sleep(SETTLE)
            web_cpu = _cpu_seconds(replica.process.pid) - cpu_before
            while len(_replies(slack)) < MENTIONS and time.monotonic() - began < deadline:
                time.sleep(0.2)
            answered_after = time.monotonic() - began
            replica.stop()
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=30)
        slack.stop()
    return Figures(
        mode=mode,
        statuses=[status for status, _ in results],
        latencies_ms=[seconds * 1000 for _, seconds in results],
        web_cpu_ms=web_cpu * 1000,
        answered_after=answered_after,
        replies=_replies(slack),
        answers=deadline > 0,
    )


MODES: dict[str, tuple[str, Start, float]] = {
    "default": ("default `serve`", _default, DEADLINE),
    "split": (f"split `serve --no-workers` + `worker --threads {THREADS}`", _split, DEADLINE),
    "in-process": (f"in-process `serve --workers {THREADS}`", _in_process, DEADLINE),
    "web": ("web process alone (no jobs run)", _web_alone, 0.0),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modes", default=",".join(MODES), help=f"of {', '.join(MODES)}")
    parser.add_argument("--against", type=Path, help="another checkout, run first per mode")
    args = parser.parse_args()
    trees = [("this", ROOT)]
    if args.against is not None:
        trees.insert(0, ("against", args.against.resolve()))
    figures = []
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "serve.log"
        for key in args.modes.split(","):
            mode, start, deadline = MODES[key]
            for tree, root in trees:
                label = mode if args.against is None else f"{mode} ({tree})"
                figures.append(_measure(label, start, log, deadline, root))
    print(
        f"{MENTIONS} mentions from {SENDERS} concurrent senders, model {MODEL_DELAY:.0f} s a call;"
        f" load average {os.getloadavg()[0]:.2f} at the end"
    )
    print(
        "| mode | ack p50 ms | ack p99 ms | ack max | web CPU ms per mention "
        f"| {ANSWERED} | lost | doubled | non-200 |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in figures:
        print(row.row())


if __name__ == "__main__":
    main()
