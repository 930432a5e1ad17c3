"""Imports point one way: the edges use the domain, the domain uses storage and extractors.

`bot` and `cli` read and write only through `coordination`: sessions, engines, the
schema and the rows they name in types all come from the domain, never from `storage`.

`web` (the dashboard) reads only through the domain and draws through `charts`;
`charts` turns the domain's plain records into pictures and knows nothing else.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SLACK = {"slack_sdk", "slack_bolt"}
FORBIDDEN = {
    "storage": {"bot", "cli", "coordination", "extractors", *SLACK},
    "extractors": {"bot", "cli", "coordination", "storage", *SLACK},
    "coordination": {"bot", "cli", *SLACK},
    "bot": {"storage"},
    "cli": {"storage", *SLACK},
    "web": {"bot", "cli", "storage", "extractors", *SLACK},
    "charts": {"bot", "cli", "web", "storage", "extractors", *SLACK},
}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_it_must_not(package: str) -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {', '.join(sorted(bad))}"
        for path in (ROOT / package).rglob("*.py")
        if (bad := _imported_packages(path) & FORBIDDEN[package])
    }
    assert offenders == set()


def _imported_modules(path: Path) -> set[str]:
    """Dotted names a module imports, `from storage import deliveries` as `storage.deliveries`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_only_the_outbox_claims_sends_and_stamps_deliveries() -> None:
    """One exactly-once path: every message and file is claimed, sent and stamped through
    coordination/outbox, never through the delivery table directly."""
    offenders = {
        str(path.relative_to(ROOT))
        for package in ("bot", "cli", "coordination", "web", "charts")
        for path in (ROOT / package).rglob("*.py")
        if "storage.deliveries" in _imported_modules(path) and "outbox" not in path.parts
    }
    assert offenders == set()


def test_the_cli_and_the_bot_start_without_loading_the_dashboard() -> None:
    """Flask, matplotlib and Graphviz load only for the pages and the digest picture."""
    probe = (
        "import sys, cli.main, bot.scheduling; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'flask', 'matplotlib', 'graphviz', 'web', 'charts'}))"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"


WALL_CLOCK_PACKAGES = ("bot", "cli", "coordination", "storage", "extractors", "web", "charts")
CLOCK_MODULE = Path("coordination/clock.py")
WALL_CLOCK_READS = {
    "datetime.datetime.now",
    "datetime.datetime.utcnow",
    "datetime.datetime.today",
    "datetime.date.today",
    "time.time",
    "time.time_ns",
}
"""Read or passed on (`default_factory=datetime.now`), each of these asks the wall clock."""


def _import_names(tree: ast.Module) -> dict[str, str]:
    """What each name a module imports stands for: `dt` -> `datetime.datetime` for
    `from datetime import datetime as dt`, `t` -> `time` for `import time as t`."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                names[local] = alias.name if alias.asname else local
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr) -> list[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return [node.id, *reversed(parts)] if isinstance(node, ast.Name) else []


def wall_clock_reads(source: str) -> list[str]:
    """`line: what` for every use of a wall-clock read, however it was imported."""
    tree = ast.parse(source)
    names = _import_names(tree)
    found = []
    for node in ast.walk(tree):
        parts = _dotted(node) if isinstance(node, ast.Attribute | ast.Name) else []
        if parts and parts[0] in names:
            meant = ".".join([names[parts[0]], *parts[1:]])
            if meant in WALL_CLOCK_READS:
                found.append((node.lineno, meant))
    return [f"{line}: {meant}" for line, meant in sorted(found)]


@pytest.mark.parametrize(
    ("source", "reads"),
    [
        ("from datetime import UTC, datetime\ndatetime.now(UTC)", ["2: datetime.datetime.now"]),
        ("from datetime import datetime as dt\nx = dt.utcnow()", ["2: datetime.datetime.utcnow"]),
        ("import datetime as d\nd.date.today()", ["2: datetime.date.today"]),
        ("from datetime import date\nf(default=date.today)", ["2: datetime.date.today"]),
        ("from time import time as wall\nwall()", ["2: time.time"]),
        ("import time\ntime.monotonic(); time.sleep(1)", []),
        ("from datetime import time\ntime(9, 0)", []),
    ],
)
def test_wall_clock_reads_are_found_under_any_alias(source: str, reads: list[str]) -> None:
    assert wall_clock_reads(source) == reads


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    """Everything else asks the clock its composition root injected, so a test or a
    `--now` run is never contradicted by a stray read of the real time."""
    readers = {
        path.relative_to(ROOT): reads
        for package in WALL_CLOCK_PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if (reads := wall_clock_reads(path.read_text(encoding="utf-8")))
    }
    assert set(readers) == {CLOCK_MODULE}, readers
