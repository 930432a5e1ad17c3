"""RulesExtractor: the offline, deterministic extractor behind `--extractor rules`.

Read (one reader per format) → judge each unit on its own cues → build items → choose
the answer. Each step is a module of its own; nothing here knows a format.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.models import ExtractionRequest, ExtractionResult
from extractors.rules.dates import DueContext, find_next_meeting
from extractors.rules.items import Known, build_item
from extractors.rules.judge import judge
from extractors.rules.readers import read
from extractors.rules.select import Ranked, select
from extractors.rules.signals import find_signals
from extractors.rules.text import replace_mentions


class RulesExtractor:
    name = "rules"

    def extract(self, request: ExtractionRequest) -> ExtractionResult:
        text, mention_keys = replace_mentions(request.text)
        document = read(replace(request, text=text), mention_keys)
        next_meeting = find_next_meeting(document.lines, request.meeting_date)
        known = Known(
            people=request.people,
            projects=request.projects,
            mention_keys=document.mentions,
            display=document.names,
            due=DueContext(request.meeting_date, request.timezone, next_meeting),
            author=document.author,
        )
        ranked = [
            Ranked(item, candidate.tier, candidate.list_key)
            for candidate in judge(document)
            if (item := build_item(candidate, known)) is not None
        ]
        items, mentioned = select(ranked, conversation=document.format == "slack thread")
        return ExtractionResult(
            items=items,
            mentioned=mentioned,
            signals=find_signals(document, request.projects),
            extractor=self.name,
            format=document.format,
            warnings=list(dict.fromkeys(known.warnings)),
        )
