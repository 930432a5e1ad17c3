"""Imports point one way: the edges use the domain, the domain uses storage and extractors.

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
    "cli": SLACK,
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
