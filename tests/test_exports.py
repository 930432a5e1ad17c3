"""`--json` and `--csv`: the documented shapes, read back by a parser, from the real CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from cli.main import main

NOTES = """# Atlas weekly sync

## Action items
- Ana to finish the Billing API by Friday
- Ben will update the Mobile login screen by next week, blocked by Billing
- [ ] @Cara to draft the launch email, "quoted", with a comma
"""


@pytest.fixture
def atlas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'ft.db'}")
    monkeypatch.delenv("FOLLOWTHROUGH_MODEL", raising=False)
    (tmp_path / "notes.md").write_text(NOTES)
    for argv in (
        ["program", "add", "Atlas", "--timezone", "Europe/Berlin"],
        ["person", "add", "Ana Lima", "--alias", "Ana", "--capacity", "0.5"],
        ["person", "add", "Ben Ode", "--alias", "Ben"],
        ["project", "add", "Billing", "--program", "Atlas", "--lead", "Ana"],
        ["project", "add", "Mobile", "--program", "Atlas"],
        ["ingest", "notes.md", "--program", "Atlas", "--meeting-date", "2026-11-23"],
        ["risk", "add", "Vendor unsigned", "--program", "Atlas", "--likelihood", "4"],
    ):
        assert main(argv) == 0
    capsys.readouterr()
    return tmp_path


def _json(capsys, argv: list[str]) -> object:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


ITEM_FIELDS = {
    "id",
    "task",
    "status",
    "due",
    "overdue",
    "owner",
    "project",
    "program_id",
    "waits_on",
    "quote",
}


def test_items_json_lists_every_item_with_the_documented_fields(atlas: Path, capsys) -> None:
    items = _json(capsys, ["items", "--json"])
    assert [set(i) for i in items] == [ITEM_FIELDS] * 3
    billing = next(i for i in items if i["project"] == "Billing")
    assert billing["owner"] == "Ana Lima" and billing["due"] == "2026-11-27"
    assert billing["status"] == "open" and isinstance(billing["overdue"], bool)
    assert next(i for i in items if i["project"] is None)["due"] is None


def test_items_csv_has_the_json_fields_and_survives_commas_and_quotes(atlas: Path, capsys) -> None:
    items = _json(capsys, ["items", "--json"])
    assert main(["items", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["id"] for r in rows] == [str(i["id"]) for i in items]
    assert set(rows[0]) == ITEM_FIELDS
    cara = next(r for r in rows if "launch email" in r["task"])
    assert '"quoted", with a comma' in cara["task"] and cara["due"] == ""
    assert {r["overdue"] for r in rows} <= {"true", "false"}


def test_items_json_and_csv_cannot_be_asked_for_together(atlas: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["items", "--json", "--csv"])


def test_status_json_shows_each_program_with_projects_and_friction(atlas: Path, capsys) -> None:
    status = _json(capsys, ["status", "--json"])
    [atlas_status] = status["programs"]
    assert atlas_status["program"]["name"] == "Atlas"
    assert atlas_status["summary"]["open"] == 3
    assert {p["name"] for p in atlas_status["projects"]} == {"Billing", "Mobile"}
    assert set(atlas_status) == {
        "program",
        "today",
        "summary",
        "projects",
        "critical_path",
        "blocked",
        "slips",
        "over_capacity",
        "risks",
    }
    assert [r["title"] for r in atlas_status["risks"]][:1] == ["Vendor unsigned"]


def test_capacity_json_has_a_cell_per_person_and_week(atlas: Path, capsys) -> None:
    capacity = _json(capsys, ["capacity", "--program", "Atlas", "--json"])
    assert len(capacity["weeks"]) == 6
    ana = next(p for p in capacity["people"] if p["name"] == "Ana Lima")
    assert [w["week_start"] for w in ana["weeks"]] == capacity["weeks"]
    assert {w["capacity_days"] for w in ana["weeks"]} == {0.5}


def test_risk_list_json_carries_score_and_origin(atlas: Path, capsys) -> None:
    [risk] = _json(capsys, ["risk", "list", "--program", "Atlas", "--json"])
    assert (risk["title"], risk["score"], risk["origin"]) == ("Vendor unsigned", 12, "manual")


def test_dep_list_json_names_both_ends(atlas: Path, capsys) -> None:
    [dep] = _json(capsys, ["dep", "list", "--program", "Atlas", "--json"])
    assert dep["upstream"] == {"kind": "project", "id": 1, "label": "Billing"}
    assert dep["downstream"]["kind"] == "item"
    assert "Mobile login screen" in dep["downstream"]["label"]
    assert dep["status"] in {"open", "blocked"}


def test_each_item_keeps_the_sentence_it_was_read_from(atlas: Path, capsys) -> None:
    items = _json(capsys, ["items", "--json"])
    mobile = next(i for i in items if i["project"] == "Mobile")
    assert mobile["task"] == "Update the Mobile login screen"
    assert (
        mobile["quote"]
        == "Ben will update the Mobile login screen by next week, blocked by Billing"
    )
    assert main(["items", "--quotes"]) == 0
    printed = capsys.readouterr().out
    assert f'#{mobile["id"]} Update the Mobile login screen\n    "{mobile["quote"]}"' in printed
