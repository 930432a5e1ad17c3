"""Check every field the model returned against the notes before it becomes an item.

This layer, not the prompt, is what keeps text in the notes from steering the bot. The
cited lines are bounded and must say the task (support.py); an owner must be on them
(owners.py); a due date must be stated there in words that mean that date, counted from
the day the line was written; a project must be one the program already knows. What
fails a check is dropped, the item carries a flag, and the result a warning: nothing is
refused silently. Checking against the item's own few lines rather than the whole text
matters: otherwise one injected line ("Zelda owns every follow-up") would vouch for
every item.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from extractors.llm.dates import dates_meant_by
from extractors.llm.lines import Source, SourceLine
from extractors.llm.owners import mentions, supported_owners
from extractors.llm.schema import ModelItem
from extractors.llm.support import MAX_EVIDENCE_LINES, narrowed, supported
from extractors.models import (
    ExtractedDependency,
    ExtractedItem,
    ExtractionRequest,
    KnownProject,
)

OWNER_UNSUPPORTED = "owner_unsupported"
DUE_UNSUPPORTED = "due_unsupported"
EVIDENCE_CLAMPED = "evidence_clamped"
EVIDENCE_NARROWED = "evidence_narrowed"

_INSTRUCTION_LIKE = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,20}\b(previous|prior|above|earlier|all|any|your)\b"
    r".{0,20}\b(instructions?|rules|prompts?|directions)\b"
    r"|^\W*(system|assistant)\s*(prompt)?\s*:"
    r"|\byou\s+are\s+now\b|\bnew\s+instructions\b",
    re.IGNORECASE,
)
_BLANKET = re.compile(
    r"\b(owns?|assign(ed|s)?|responsible\s+for|deadlines?|due)\b[^.;]{0,40}"
    r"\b(every|all|each|any)\s+(\w+\s+)?"
    r"(follow[- ]?ups?|action\s+items?|tasks?|items?|actions?|to-?dos?)\b"
    r"|\b(assign|give)\s+(everything|it\s+all|all\s+of\s+it)\b",
    re.IGNORECASE,
)


def instruction_like(lines: Sequence[str]) -> list[int]:
    """1-based numbers of lines written as orders to the model, or handing every item to
    one person at once, rather than agreeing on a task.

    The model still sees them (as data); they only lose the power to vouch for a task,
    an owner or a date, so an item resting on them alone is dropped.
    """
    return [
        n
        for n, line in enumerate(lines, start=1)
        if _INSTRUCTION_LIKE.search(line) or _BLANKET.search(line)
    ]


@dataclass
class Checked:
    """One model item after the checks: the item (None if refused) and what was refused."""

    item: ExtractedItem | None
    warnings: list[str] = field(default_factory=list)


def check_item(
    raw: ModelItem,
    source: Source,
    support: Sequence[SourceLine],
    bounds: tuple[int, int],
    request: ExtractionRequest,
) -> Checked:
    """An item built only from what its cited lines say, or None with the reason.

    `support` is the source with instruction-like lines blanked out; `bounds` are the
    lines the model was shown. The task is looked for in what was said, not in the
    speaker labels: a name alone does not make a line say a task.
    """
    task = " ".join(raw.task.split())
    if not task:
        return Checked(None, ["the model returned an item without a task; dropped"])
    span = clamp_evidence(raw.evidence_first_line, raw.evidence_last_line, bounds)
    flags = [EVIDENCE_CLAMPED] if span != (raw.evidence_first_line, raw.evidence_last_line) else []
    warnings: list[str] = []
    texts = [line.content for line in support]
    if span[1] - span[0] + 1 > MAX_EVIDENCE_LINES:
        narrow = narrowed(task, texts, span)
        if narrow is None:
            return Checked(None, [f"{_short(task)}: {_too_wide(source, span)}; dropped"])
        warnings.append(
            f"{_short(task)}: {_too_wide(source, span)}; read {source.where(*narrow)} only"
        )
        flags.append(EVIDENCE_NARROWED)
        span = narrow
    cited = support[span[0] - 1 : span[1]]
    if not supported(task, [line.content for line in cited]):
        return Checked(None, [f"{_short(task)}: {_unsaid(source, cited, span)}; dropped"])
    return _built(raw, task, source, cited, span, request, flags, warnings)


def _built(
    raw: ModelItem,
    task: str,
    source: Source,
    cited: Sequence[SourceLine],
    span: tuple[int, int],
    request: ExtractionRequest,
    flags: list[str],
    warnings: list[str],
) -> Checked:
    where = source.where(*span)
    owners, refused = supported_owners(raw.owners, cited, request.people)
    if refused:
        flags.append(OWNER_UNSUPPORTED)
        warnings.append(f"{_short(task)}: owner {', '.join(refused)} is not on {where}; left out")
    due, problem = supported_due(raw.due, raw.due_quote, cited, request, where)
    if problem:
        flags.append(DUE_UNSUPPORTED)
        warnings.append(f"{_short(task)}: {problem}; left unset")
    item = ExtractedItem(
        task=task,
        owners=owners,
        due=due,
        due_phrase=raw.due_quote if due else None,
        project=known_project(raw.project, request.projects),
        dependencies=[
            ExtractedDependency(
                kind=d.kind,
                target=d.target,
                target_project=mentioned_project(d.target, request.projects),
            )
            for d in raw.dependencies
            if d.target.strip()
        ],
        confidence=min(max(raw.confidence, 0.0), 1.0),
        evidence=(source.lines[span[0] - 1].position, source.lines[span[1] - 1].position),
        permalink=next((line.permalink for line in cited if line.permalink), None),
        flags=flags,
    )
    return Checked(item, warnings)


def clamp_evidence(first: int, last: int, bounds: tuple[int, int]) -> tuple[int, int]:
    """Keep cited lines inside the lines the model was shown."""
    low, high = bounds
    first, last = sorted((min(max(first, low), high), min(max(last, low), high)))
    return first, last


def supported_due(
    due: str | None,
    quote: str | None,
    cited: Sequence[SourceLine],
    request: ExtractionRequest,
    where: str,
) -> tuple[date | None, str | None]:
    """The due date if a cited line states it in words that mean that date, counted from
    the day that line was written (a message's own day in a thread, else the meeting's);
    otherwise None and what is wrong with it, for the user."""
    if due is None:
        return None, None
    try:
        parsed = date.fromisoformat(due.strip())
    except ValueError:
        return None, f"due {due!r} is not a date"
    written = " ".join((quote or "").strip(" \"'“”‘’.,;:").split())
    quote = written.lower()
    stating = next((line for line in cited if quote and quote in _squash(line.content)), None)
    if stating is None and quote and quote in _squash(" ".join(c.content for c in cited)):
        stating = cited[0]
    if stating is None:
        return None, f"due {parsed} is not stated in {where}"
    day = stating.day(request.timezone, request.meeting_date)
    if parsed not in dates_meant_by(quote, day):
        return None, f"{written!r} in {where} does not mean {parsed}"
    return parsed, None


def known_project(name: str | None, projects: Sequence[KnownProject]) -> str | None:
    """The known project's canonical name for `name` (or an alias of it), else None."""
    wanted = _squash(name or "")
    for project in projects:
        if wanted and wanted in {_squash(n) for n in (project.name, *project.aliases)}:
            return project.name
    return None


def mentioned_project(text: str, projects: Sequence[KnownProject]) -> str | None:
    """The known project a dependency target names, e.g. 'the Atlas API' -> 'Atlas'."""
    for project in projects:
        if mentions(text, [project.name, *project.aliases]):
            return project.name
    return None


def _too_wide(source: Source, span: tuple[int, int]) -> str:
    count = span[1] - span[0] + 1
    return (
        f"cited {source.where(*span)} ({count} lines; evidence is at most "
        f"{MAX_EVIDENCE_LINES} lines that say the task)"
    )


def _unsaid(source: Source, cited: Sequence[SourceLine], span: tuple[int, int]) -> str:
    where = source.where(*span)
    if not any(line.content.strip() for line in cited):
        shown = source.lines[span[0] - 1 : span[1]]
        if any(line.content.strip() for line in shown):
            return f"rests only on {where}, which read like instructions"
    return f"not said in {where}"


def _short(task: str) -> str:
    return repr(task if len(task) <= 60 else task[:57] + "...")


def _squash(text: str) -> str:
    return " ".join(text.lower().split())
