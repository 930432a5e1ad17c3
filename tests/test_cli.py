"""The `followthrough` command, run in-process against a SQLite file."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from cli.main import main
from storage.db import get_engine
from storage.models import ActionItem, ItemHistory, Person, Source

NOTES = """# Atlas weekly sync

## Action items
- Ana to finish the Billing API by Friday
- Ben will update the Mobile login screen by next week, blocked by Billing
- [ ] @Cara to draft the launch email
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ft.db'}")
    monkeypatch.delenv("FOLLOWTHROUGH_MODEL", raising=False)
    for argv in (
        ["program", "add", "Atlas", "--timezone", "Europe/Berlin"],
        ["person", "add", "Ana Lima", "--alias", "Ana"],
        ["person", "add", "Ben Ode", "--alias", "Ben"],
        ["project", "add", "Billing", "--program", "Atlas", "--lead", "Ana"],
        ["project", "add", "Mobile", "--program", "Atlas"],
    ):
        assert main(argv) == 0
    (tmp_path / "notes.md").write_text(NOTES)
    capsys.readouterr()
    return tmp_path


def _count(workspace: Path, model: type) -> int:
    with Session(get_engine(f"sqlite:///{workspace / 'ft.db'}")) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_ingest_stores_items_with_owners_dates_and_projects(workspace: Path, capsys) -> None:
    assert main(["ingest", "notes.md", "--program", "Atlas", "--meeting-date", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "3 new" in out
    assert "'@Cara'" in out and "not a known person" in out
    assert main(["items", "--owner", "Ben"]) == 0
    listing = capsys.readouterr().out
    assert "2026-11-30" in listing and "Mobile" in listing and "Ben Ode" in listing


def test_reingesting_the_same_notes_creates_nothing(workspace: Path, capsys) -> None:
    args = ["ingest", "notes.md", "--program", "Atlas", "--meeting-date", "2026-11-23"]
    assert main(args) == 0
    assert main(args) == 0
    assert "already ingested" in capsys.readouterr().out
    assert _count(workspace, ActionItem) == 3
    assert _count(workspace, Source) == 1


def test_item_restated_with_a_new_date_updates_it_and_writes_history(
    workspace: Path, capsys
) -> None:
    assert main(["ingest", "notes.md", "--program", "Atlas", "--meeting-date", "2026-11-23"]) == 0
    (workspace / "later.md").write_text(
        "## Action items\n- Ana to finish the Billing API by Dec 4\n"
    )
    assert main(["ingest", "later.md", "--program", "Atlas", "--meeting-date", "2026-11-30"]) == 0
    assert "1 updated" in capsys.readouterr().out
    assert _count(workspace, ActionItem) == 3
    with Session(get_engine(f"sqlite:///{workspace / 'ft.db'}")) as session:
        change = session.exec(select(ItemHistory).where(ItemHistory.field == "due_date")).one()
    assert (change.old_value, change.new_value) == ("2026-11-27", "2026-12-04")


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["ingest", "missing.md", "--program", "Atlas"], "missing.md: no such file."),
        (("bin.md", b"\x00\x01\x02"), ["ingest", "bin.md", "--program", "Atlas"], "binary"),
        (("empty.md", b"  \n"), ["ingest", "empty.md", "--program", "Atlas"], "is empty"),
        (("big.md", b"x" * 2_000_001), ["ingest", "big.md", "--program", "Atlas"], "limited to"),
        (
            ("noise.md", bytes(range(128, 256))),
            ["ingest", "noise.md", "--program", "Atlas"],
            "not text in any encoding",
        ),
        (
            ("late-nul.md", b"x" * 9000 + b"\x00"),
            ["ingest", "late-nul.md", "--program", "Atlas"],
            "binary",
        ),
        (None, ["ingest", "notes.md", "--program", "Nope"], "unknown program 'Nope'"),
        (
            None,
            ["ingest", "notes.md", "--program", "Atlas", "--project", "Nope"],
            "unknown project",
        ),
        (
            None,
            ["ingest", "notes.md", "--program", "Atlas", "--meeting-date", "soon"],
            "not a date",
        ),
    ],
)
def test_bad_input_gets_one_clear_line_and_writes_nothing(
    workspace: Path, capsys, setup, args, message
) -> None:
    if setup:
        (workspace / setup[0]).write_bytes(setup[1])
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert _count(workspace, ActionItem) == 0
    assert _count(workspace, Source) == 0


def test_extract_json_follows_the_contract_and_stores_nothing(
    workspace: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(NOTES.encode())))
    assert main(["extract", "-", "--json", "--meeting-date", "2026-11-23"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {
        "task": "Finish the Billing API",
        "owners": ["Ana"],
        "due": "2026-11-27",
        "project": None,
        "status": "open",
        "topic": None,
        "depends_on": [],
    }
    contract = {"task", "owners", "due", "project"}
    assert all(contract <= set(row) for row in rows)
    assert _count(workspace, ActionItem) == 0


def test_status_shows_project_health_and_blocked_dependencies(workspace: Path, capsys) -> None:
    assert main(["ingest", "notes.md", "--program", "Atlas", "--meeting-date", "2026-11-23"]) == 0
    capsys.readouterr()
    assert main(["status", "--program", "Atlas"]) == 0
    out = capsys.readouterr().out
    assert "# Atlas" in out
    assert "Mobile" in out and "blocked dependency" in out
    assert "waits on Billing" in out
    assert "Critical path: 2 items" in out


def test_a_persons_working_hours_and_days_are_stored_for_reminders(workspace: Path) -> None:
    assert main(["person", "add", "Cara", "--hours", "08:30-16:00", "--days", "mon-wed,fri"]) == 0
    with Session(get_engine(f"sqlite:///{workspace / 'ft.db'}")) as session:
        cara = session.exec(select(Person).where(Person.display_name == "Cara")).one()
    assert (str(cara.work_start), str(cara.work_end), cara.working_days) == (
        "08:30:00",
        "16:00:00",
        [0, 1, 2, 4],
    )


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--hours", "18:00-09:00", "end before they start"), ("--days", "funday", "not like mon-fri")],
)
def test_unreadable_working_hours_or_days_are_refused(workspace, capsys, option, value, message):
    assert main(["person", "add", "Cara", option, value]) == 2
    assert message in capsys.readouterr().err
    assert _count(workspace, Person) == 2


def test_status_shows_budgets_and_projects_whose_timelines_share_people(
    workspace: Path, capsys
) -> None:
    for name, budget in (("Growth", "500"), ("Payments", "800")):
        args = ["project", "add", name, "--program", "Atlas", "--lead", "Ana"]
        assert (
            main([*args, "--start", "2026-11-01", "--end", "2026-12-31", "--budget", budget]) == 0
        )
    capsys.readouterr()
    assert main(["status", "--program", "Atlas"]) == 0
    out = capsys.readouterr().out
    assert "0 of 500" in out and "0 of 800" in out
    assert "Growth and Payments, 2026-11-01 to 2026-12-31, sharing Ana Lima" in out


def test_items_and_dep_list_show_the_item_a_dependency_lands_on(workspace: Path, capsys) -> None:
    (workspace / "api.md").write_text("## Action items\n- Ana to ship the invoicing API\n")
    (workspace / "checkout.md").write_text(
        "## Action items\n- Ben: Build the checkout screen, blocked by the invoicing API\n"
    )
    dated = ["--program", "Atlas", "--meeting-date", "2026-11-23"]
    assert main(["ingest", "api.md", *dated, "--project", "Billing"]) == 0
    assert main(["ingest", "checkout.md", *dated, "--project", "Mobile"]) == 0
    capsys.readouterr()
    assert main(["items", "--owner", "Ben"]) == 0
    listing = capsys.readouterr().out
    assert "#1 Ship the invoicing API (Billing)" in listing
    assert main(["dep", "list", "--program", "Atlas"]) == 0
    deps = capsys.readouterr().out
    assert "#2 Build the checkout screen (Mobile)" in deps
    assert "#1 Ship the invoicing API (Billing)" in deps


def test_the_demo_prints_its_programs_status_and_is_safe_to_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'followthrough.db'}")
    monkeypatch.delenv("FOLLOWTHROUGH_MODEL", raising=False)
    assert main(["demo"]) == 0
    first = capsys.readouterr().out
    assert "Atlas Launch" in first and "open" in first
    assert main(["demo"]) == 0
    assert "Atlas Launch" in capsys.readouterr().out
