"""Benches are run by hand, so nothing else notices when a refactor breaks one."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCHES = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "bench").glob("bench_*.py"))


@pytest.mark.parametrize("name", BENCHES)
def test_every_bench_still_imports(name: str) -> None:
    module = importlib.import_module(f"bench.{name}")
    assert callable(module.main)
