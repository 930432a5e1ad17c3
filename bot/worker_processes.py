"""The worker processes `serve` starts, watches and stops.

Slow work (thread reads, the model, Slack sends) runs in separate `followthrough worker`
processes, so it never competes with the acks for one interpreter. A process that
dies is started again after a bounded back-off; SIGTERM is passed on to every process
and each gets the shutdown grace to finish its running jobs before it is killed.
Each child watches its parent's pid (`SUPERVISOR_PID_ENV`), so a `serve` killed -9
does not leave workers behind.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

SUPERVISOR_PID_ENV = "FOLLOWTHROUGH_SUPERVISOR_PID"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
WATCH_SECONDS = 0.5
RESTART_DELAY_FIRST = 1.0
RESTART_DELAY_CAP = 30.0
STEADY_SECONDS = 30.0
"""A process that ran this long before dying is restarted at once, not after a back-off."""


@dataclass
class _Slot:
    process: subprocess.Popen | None = None
    started: float = 0.0
    delay: float = RESTART_DELAY_FIRST
    restart_at: float = 0.0


@dataclass
class WorkerProcesses:
    count: int
    threads: int
    _slots: list[_Slot] = field(default_factory=list)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _watcher: threading.Thread | None = None

    def _spawn(self, slot: _Slot) -> None:
        command = [sys.executable, "-m", "cli.main", "worker", "--threads", str(self.threads)]
        env = {**os.environ, SUPERVISOR_PID_ENV: str(os.getpid())}
        slot.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env)
        slot.started = time.monotonic()
        log.info("worker process started", extra={"pid": slot.process.pid})

    def start(self) -> None:
        with self._lock:
            self._slots = [_Slot() for _ in range(self.count)]
            for slot in self._slots:
                self._spawn(slot)
        self._watcher = threading.Thread(target=self._watch, name="worker-processes", daemon=True)
        self._watcher.start()

    def _watch(self) -> None:
        while not self._stopping.wait(WATCH_SECONDS):
            with self._lock:
                for slot in self._slots:
                    self._tend(slot)

    def _tend(self, slot: _Slot) -> None:
        """Restarts a dead process: at once if it had run a while, else after a delay
        that doubles (to a cap), so a worker that cannot start does not spin."""
        if slot.process is None or slot.process.poll() is None or self._stopping.is_set():
            return
        now = time.monotonic()
        if slot.restart_at == 0.0:
            steady = now - slot.started >= STEADY_SECONDS
            slot.delay = RESTART_DELAY_FIRST if steady else min(slot.delay * 2, RESTART_DELAY_CAP)
            slot.restart_at = now + (0.0 if steady else slot.delay)
            log.warning(
                "worker process exited, restarting",
                extra={"pid": slot.process.pid, "code": slot.process.returncode},
            )
        if now >= slot.restart_at:
            slot.restart_at = 0.0
            self._spawn(slot)

    def running(self) -> bool:
        """Every process alive: what /readyz reports as `workers`."""
        with self._lock:
            return bool(self._slots) and all(
                slot.process is not None and slot.process.poll() is None for slot in self._slots
            )

    def pids(self) -> list[int]:
        with self._lock:
            return [slot.process.pid for slot in self._slots if slot.process is not None]

    def stop(self, *, grace: float) -> None:
        """SIGTERM to each (their running jobs finish), SIGKILL to any still running
        after `grace` seconds; their jobs then wait for their leases."""
        self._stopping.set()
        if self._watcher is not None:
            self._watcher.join()
        processes = [s.process for s in self._slots if s.process and s.process.poll() is None]
        for process in processes:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in processes:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
