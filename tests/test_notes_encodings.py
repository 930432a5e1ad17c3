"""Notes in any common encoding are read; NUL bytes and binary files are refused whole.

The reader is shared by the CLI and by files shared in Slack, so both are driven here:
the CLI in-process against SQLite and PostgreSQL, Slack through the real app over HTTP.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from cli.main import main
from coordination.errors import UserError
from coordination.ingest.notes_input import decode_notes, read_notes_file
from storage.db import get_engine
from storage.models import ActionItem, Source
from tests.test_bot_app import Bot, start_bot

NOTES = "# Revue — café\n\n## Action items\n- Ana will send the résumé by 2026-12-04\n"
LIMIT = 2_000_000


@pytest.mark.parametrize(
    "data",
    [
        NOTES.encode("utf-8"),
        codecs.BOM_UTF8 + NOTES.encode("utf-8"),
        codecs.BOM_UTF16_LE + NOTES.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + NOTES.encode("utf-16-be"),
        codecs.BOM_UTF32_LE + NOTES.encode("utf-32-le"),
        NOTES.replace("—", "-").encode("cp1252"),
        NOTES.replace("\n", "\r\n").encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "utf-32-le", "cp1252", "utf-16-crlf"],
)
def test_common_encodings_read_as_the_same_text(data: bytes) -> None:
    text = decode_notes(data, label="notes.md", max_bytes=LIMIT)
    assert "café" in text and "résumé" in text
    assert "\r" not in text and not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a" * 9000 + b"\x00 more notes", "binary file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "NUL character on line 1"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "byte-order mark"),
        (b"   \n\t\n", "empty"),
    ],
    ids=["nul-after-8k", "png", "utf-16-with-nul", "broken-utf-16", "blank"],
)
def test_what_is_not_notes_is_refused_with_a_reason(data: bytes, expected: str) -> None:
    with pytest.raises(UserError, match=expected):
        decode_notes(data, label="notes.md", max_bytes=LIMIT)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with big.open("wb") as file:
        file.truncate(LIMIT + 1)  # sparse: nothing to read, only its size to check
    with pytest.raises(UserError, match=r"notes are limited to 2\.0 MB"):
        read_notes_file(str(big), max_bytes=LIMIT)


@pytest.fixture
def program(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("FOLLOWTHROUGH_MODEL", raising=False)
    if database_url.startswith("postgresql"):
        assert main(["db", "upgrade"]) == 0
    assert main(["program", "add", "Atlas"]) == 0
    return database_url


def _count(database_url: str, model: type) -> int:
    with Session(get_engine(database_url)) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_ingest_refuses_a_nul_after_the_first_8_kb_and_stores_nothing(
    program: str, tmp_path: Path, capsys
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes(NOTES.encode() + b"x" * 9000 + b"\n- Ben will \x00 review it\n")
    capsys.readouterr()
    code = main(["ingest", str(notes), "--program", "Atlas", "--meeting-date", "2026-11-23"])
    captured = capsys.readouterr()
    assert code == 2
    assert "binary file" in captured.err and "Traceback" not in captured.err
    assert _count(program, Source) == 0 and _count(program, ActionItem) == 0


def test_notes_with_more_lines_than_any_meeting_are_refused_before_extraction(
    program: str, tmp_path: Path, capsys
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# Action items\n" + "".join(f"- Ben: task {i}\n" for i in range(30_000)))
    capsys.readouterr()
    code = main(["ingest", str(notes), "--program", "Atlas", "--meeting-date", "2026-11-23"])
    captured = capsys.readouterr()
    assert code == 2
    assert "30,002 lines; notes are limited to 25,000" in captured.err
    assert _count(program, Source) == 0 and _count(program, ActionItem) == 0


def test_ingest_reads_utf_16_notes_written_by_windows_tools(
    program: str, tmp_path: Path, capsys
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes(NOTES.replace("\n", "\r\n").encode("utf-16"))
    code = main(["ingest", str(notes), "--program", "Atlas", "--meeting-date", "2026-11-23"])
    assert code == 0 and "1 new" in capsys.readouterr().out
    with Session(get_engine(program)) as session:
        [item] = session.exec(select(ActionItem)).all()
    assert "résumé" in item.task


def test_a_date_in_year_9999_is_flagged_by_extract(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("## Action items\n- Ana will ship the API by 9999-12-31\n")
    assert main(["extract", str(notes), "--meeting-date", "2026-11-23", "--json"]) == 0
    captured = capsys.readouterr()
    assert "'9999-12-31' is more than three years ahead" in captured.err
    assert '"due": null' in captured.out


@pytest.fixture
def bot(sqlite_url: str) -> Iterator[Bot]:
    yield from start_bot(sqlite_url)


def _share(bot: Bot, name: str, data: bytes) -> None:
    bot.slack.add_file("F1", name, data, "C1", "1795000000.000900")
    bot.sender.event(
        {
            "type": "file_shared",
            "file_id": "F1",
            "user_id": "UANA",
            "channel_id": "C1",
            "event_ts": "1795000000.000900",
        }
    )
    bot.work()


def test_a_utf_16_file_shared_in_slack_is_ingested(bot: Bot) -> None:
    _share(bot, "notes.txt", NOTES.encode("utf-16"))
    [reply] = bot.slack.posts()
    assert "action item" in reply["text"]


def test_a_file_with_a_nul_late_in_it_is_refused_to_the_sharer(bot: Bot) -> None:
    _share(bot, "notes.md", NOTES.encode() + b"y" * 9000 + b"\x00")
    assert bot.slack.posts() == []
    [whisper] = bot.slack.accepted("chat.postEphemeral")
    assert "binary file" in whisper["text"]


def test_a_date_in_year_9999_is_flagged_in_the_thread_reply(bot: Bot) -> None:
    _share(bot, "notes.md", b"## Action items\n- Ana will ship the API by 9999-12-31\n")
    [reply] = bot.slack.posts()
    shown = reply["text"] + str(reply.get("blocks"))
    assert "more than three years ahead" in shown


@pytest.mark.parametrize("backend", ["any"])
def test_notes_pasted_in_a_mention_with_a_nul_are_refused_in_the_thread(
    database_url: str, backend: str
) -> None:
    for bot in start_bot(database_url):
        status, _ = bot.mention("<@UBOT> notes:\n- Ana will \u0000 send the plan", thread_ts=None)
        assert status == 200
        bot.work()
        [notice] = [p["text"] for p in bot.slack.posts()]
        assert "NUL character on line 2" in notice
        assert _count(database_url, Source) == 0
