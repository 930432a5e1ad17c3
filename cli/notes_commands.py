"""Commands that read notes: ingest (stores), extract (prints only), eval (scores).

`extract` must start fast, so storage and the ingest pipeline are imported by
`ingest` alone, and notes are read with `NotesSettings`, not pydantic-settings
(tests/test_cli_start.py guards the import graph).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cli.context import CliContext
from coordination.dates import local_date, parse_iso_date
from coordination.errors import UserError
from coordination.ingest.extraction import EXTRACTOR_NAMES
from coordination.ingest.notes_input import read_notes_file

if TYPE_CHECKING:
    from extractors.models import ExtractedItem


def _read(args: argparse.Namespace, ctx: CliContext) -> str:
    limit = ctx.notes_settings.max_notes_bytes
    stdin = sys.stdin.buffer.read(limit + 1) if args.file == "-" else None  # over is refused
    return read_notes_file(args.file, max_bytes=limit, stdin=stdin)


def _meeting_date(args: argparse.Namespace) -> date | None:
    """None lets ingest take today (by the run's clock) in the program's timezone."""
    if args.meeting_date:
        return parse_iso_date(args.meeting_date, what="--meeting-date")
    return None


def ingest(args: argparse.Namespace, ctx: CliContext) -> int:
    from cli.output import print_ingest_report
    from coordination.ingest.service import SourceMeta, ingest_text

    meeting_date = _meeting_date(args)
    text = _read(args, ctx)
    report = ingest_text(
        ctx.engine,
        team_id=ctx.team_id,
        program_name=args.program,
        project_name=args.project,
        text=text,
        extractor=ctx.extractor(args.extractor),
        now=ctx.clock(),
        meeting_date=meeting_date,
        meta=SourceMeta(kind="notes", title=Path(args.file).name),
    )
    print_ingest_report(report)
    return 0


def extract(args: argparse.Namespace, ctx: CliContext) -> int:
    from extractors.models import ExtractionRequest

    timezone = ctx.notes_settings.timezone
    meeting_date = _meeting_date(args) or local_date(timezone, ctx.clock())
    text = _read(args, ctx)
    result = ctx.extractor(args.extractor).extract(
        ExtractionRequest(text=text, meeting_date=meeting_date, timezone=timezone)
    )
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps([_json_row(item) for item in result.items], indent=2))
        return 0
    for item in result.items:
        owners = ", ".join(o.name for o in item.owners) or "-"
        status = "" if item.status == "open" else f"; {item.status}"
        print(f"- {item.task}  [{owners}; due {item.due or '-'}{status}]")
    for item in result.mentioned:
        print(f"  also mentioned: {item.task}  [{', '.join(o.name for o in item.owners) or '-'}]")
    return 0


def _json_row(item: ExtractedItem) -> dict:
    """The stable interface: task, owners, due, project; later keys only add to it."""
    return {
        "task": item.task,
        "owners": [owner.name for owner in item.owners],
        "due": item.due.isoformat() if item.due else None,
        "project": item.project,
        "status": item.status,
        "topic": item.topic,
        "depends_on": [dependency.target for dependency in item.dependencies],
    }


def evaluate(args: argparse.Namespace, ctx: CliContext) -> int:
    from extractors.evaluation import evaluate_corpus, format_report

    corpus = Path(args.dir)
    if not (corpus / "gold.jsonl").exists():
        raise UserError(f"{corpus} has no gold.jsonl; give a corpus laid out like shared/eval.")
    report = evaluate_corpus(corpus, ctx.extractor(args.extractor), split=args.split)
    print(format_report(report))
    return 0


def _notes_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="notes file (txt, md, vtt, srt) or - for standard input")
    parser.add_argument(
        "--meeting-date", help="YYYY-MM-DD (default today); relative dates resolve against it"
    )
    parser.add_argument(
        "--extractor", choices=EXTRACTOR_NAMES, help="default: llm if a model is configured"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest", help="extract and store the action items of a notes file"
    )
    _notes_arguments(parser)
    parser.add_argument("--program", required=True)
    parser.add_argument("--project", help="project for items that name none")
    parser.add_argument("--now", help="ISO date-time to record the notes as of (default: now)")
    parser.set_defaults(handler=ingest)

    parser = subparsers.add_parser(
        "extract", help="print the action items of a notes file; stores nothing"
    )
    _notes_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=extract, needs_db=False)

    parser = subparsers.add_parser(
        "eval", help="score an extractor on a corpus laid out like shared/eval"
    )
    parser.add_argument("dir")
    parser.add_argument("--split", default="dev")
    parser.add_argument("--extractor", choices=EXTRACTOR_NAMES)
    parser.set_defaults(handler=evaluate, needs_db=False)
