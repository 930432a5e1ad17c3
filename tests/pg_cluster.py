"""A PostgreSQL cluster of a test's own (initdb + pg_ctl), so it can be stopped and
started again without touching the server the rest of the suite shares."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.replicas import free_port

SERVER_USER = "postgres"
"""initdb refuses to run as root; then the cluster is run as this user."""


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


def _as_server_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        pytest.skip(f"running as root and there is no {SERVER_USER!r} user to run initdb as")
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root and runuser is missing, so initdb cannot run")
    return [runuser, "-u", SERVER_USER, "--"]


@dataclass
class Cluster:
    bin: Path
    data: Path
    port: int
    prefix: list[str]

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        command = [*self.prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-o", options, "-l", str(self.data / "server.log"), "start")

    def stop(self) -> None:
        """Fast shutdown: every open connection is cut, as in an outage."""
        self._ctl("-m", "fast", "stop")


@contextmanager
def own_postgres() -> Iterator[Cluster]:
    """In a fresh folder under /tmp, which the server user can reach (pytest's tmp_path
    of root cannot be)."""
    binaries = _binaries()
    if binaries is None:
        pytest.skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    prefix = _as_server_user()
    with tempfile.TemporaryDirectory(prefix="ft-pg-") as folder:
        if prefix:
            shutil.chown(folder, SERVER_USER)
        with _cluster(binaries, Path(folder) / "pgdata", prefix) as cluster:
            yield cluster


@contextmanager
def _cluster(binaries: Path, data: Path, prefix: list[str]) -> Iterator[Cluster]:
    initdb = [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
    subprocess.run([*prefix, *initdb], check=True, capture_output=True, timeout=120)
    cluster = Cluster(binaries, data, free_port(), prefix)
    cluster.start()
    try:
        yield cluster
    finally:
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
