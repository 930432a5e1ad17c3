"""RulesExtractor: the offline, deterministic extractor behind `--extractor rules`."""

from __future__ import annotations

from extractors.models import ExtractedItem, ExtractionRequest, ExtractionResult
from extractors.rules.blocks import build_entries
from extractors.rules.dates import DueContext, find_next_meeting
from extractors.rules.items import Known, build_item, dedupe
from extractors.rules.lines import Line, parse_lines
from extractors.rules.markers import inline_marker
from extractors.rules.scan import commitments, scan
from extractors.rules.signals import find_signals
from extractors.rules.text import replace_mentions


def _starts_entry(line: Line) -> bool:
    """A marker line never continues the paragraph above it."""
    return inline_marker(line.text) is not None


class RulesExtractor:
    """Action items from explicit markers first; plain commitments only when the notes
    tag nothing, because in tagged minutes untagged promises are not the agreed list."""

    name = "rules"

    def extract(self, request: ExtractionRequest) -> ExtractionResult:
        text, mention_keys = replace_mentions(request.text)
        lines = parse_lines(text)
        entries = build_entries(lines, _starts_entry)
        next_meeting = find_next_meeting([line.text for line in lines], request.meeting_date)
        known = Known(
            people=request.people,
            projects=request.projects,
            mention_keys=mention_keys,
            due=DueContext(request.meeting_date, request.timezone, next_meeting),
        )
        found = scan(entries)
        candidates = found.candidates
        if not found.has_markers:
            candidates = candidates + commitments(entries)
        items = [
            (c.source, build_item(c, known))
            for c in sorted(candidates, key=lambda c: -c.confidence)
        ]
        return ExtractionResult(
            items=dedupe([(s, i) for s, i in items if isinstance(i, ExtractedItem)]),
            signals=find_signals(lines, request.projects),
            extractor=self.name,
        )
