"""requirements.lock, which CI installs, pins every dependency pyproject.toml asks for.

CI installs the project with --no-deps on top of the lock, so a dependency added to
pyproject.toml but not to the lock would only show up as an ImportError somewhere.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def _pins() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def _wanted() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(name) for name in names]


def test_every_dependency_is_pinned_within_its_bounds() -> None:
    pins = _pins()
    unmet = [
        f"{wanted} (locked: {pins.get(canonicalize_name(wanted.name), 'missing')})"
        for wanted in _wanted()
        if not wanted.specifier.contains(pins.get(canonicalize_name(wanted.name), "0"), True)
        or canonicalize_name(wanted.name) not in pins
    ]
    assert unmet == [], "update the lock: see README, Dependencies"


def test_every_pin_carries_a_hash() -> None:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    assert entries and all("--hash=sha256:" in entry for entry in entries)
