"""What an oversized POST costs the served app: answer time and the server's peak memory.

Run: .venv/bin/python -m bench.bench_http_edge [--mb 300] [--against /path/to/other/checkout]

Starts the real Bolt app over HTTP (as the tests do: fake Slack Web API, SQLite) in a
child process, streams an unsigned POST of --mb megabytes at /slack/events, and prints
the status, how long the answer took and the child's peak resident memory (VmHWM)
before and after. With --against, the same runs against another checkout's code.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = """
import sys, time
from storage.migrate import upgrade
from tests.test_bot_app import start_bot
url = "sqlite:///" + sys.argv[1]
upgrade(url)
for bot in start_bot(url):
    print(bot.sender.app_url, flush=True)
    time.sleep(600)
"""
CHUNK = b"x" * (1 << 20)


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _post_unsigned(url: str, megabytes: int) -> tuple[str, float]:
    host, port = url.removeprefix("http://").split(":")
    started = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=120) as connection:
        head = (
            "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {megabytes * len(CHUNK)}\r\n\r\n"
        )
        connection.sendall(head.encode())
        try:
            for _ in range(megabytes):
                connection.sendall(CHUNK)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed without reading the rest
        status = connection.makefile("rb").readline().decode().strip()
    return status or "(connection closed)", time.perf_counter() - started


def _measure(root: Path, megabytes: int) -> tuple[str, float, float, float]:
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "PYTHONPATH": str(root)}
        child = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(Path(scratch) / "ft.db")],
            cwd=scratch,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        try:
            url = child.stdout.readline().strip()
            before = _peak_mb(child.pid)
            status, took = _post_unsigned(url, megabytes)
            time.sleep(0.5)
            return status, took, before, _peak_mb(child.pid)
        finally:
            child.kill()
            child.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300)
    parser.add_argument("--against", type=Path)
    args = parser.parse_args()
    roots = {"this checkout": ROOT, **({"against": args.against.resolve()} if args.against else {})}
    print(f"unsigned POST of {args.mb} MB to /slack/events\n")
    print("| code | answer | took | server peak memory before -> after |")
    print("|---|---|---|---|")
    for name, root in roots.items():
        status, took, before, after = _measure(root, args.mb)
        print(f"| {name} | {status} | {took:.2f} s | {before:.0f} MB -> {after:.0f} MB |")


if __name__ == "__main__":
    main()
