"""How long RulesExtractor takes on a synthetic two-hour transcript (~20,000 words).

Run: .venv/bin/python bench/bench_rules_extractor.py   (target: under 2 s)
"""

from __future__ import annotations

import random
import time
from datetime import date

from extractors.models import ExtractionRequest, KnownPerson, KnownProject
from extractors.rules import RulesExtractor

SPEAKERS = ["Alice Moreno", "Bob Okafor", "Chen Wei", "Dana Kim", "Eli Novak"]
FILLER = [
    "we",
    "looked",
    "at",
    "the",
    "latency",
    "numbers",
    "again",
    "and",
    "the",
    "cache",
    "warmup",
    "still",
    "dominates",
    "the",
    "first",
    "minute",
    "so",
    "the",
    "dashboard",
    "looks",
    "worse",
    "than",
    "the",
    "real",
    "traffic",
    "does",
    "for",
    "most",
    "regions",
]
COMMITMENTS = [
    "I'll send the revised deck by Friday.",
    "Bob to update the migration plan by end of week.",
    "Dana will review the pricing doc next week.",
    "Chen to draft the rollout checklist by 12/15.",
    "I will follow up with legal tomorrow, blocked by the vendor contract.",
]


def build_transcript(words: int = 20_000, seed: int = 7) -> str:
    """WebVTT cues with speakers, filler talk and a commitment every so often."""
    rng = random.Random(seed)
    cues = ["WEBVTT", ""]
    total, second = 0, 0
    while total < words:
        length = rng.randint(12, 40)
        sentence = " ".join(rng.choice(FILLER) for _ in range(length)).capitalize() + "."
        if rng.random() < 0.08:
            sentence += " " + rng.choice(COMMITMENTS)
        start, second = second, second + rng.randint(3, 12)
        cues += [
            f"{_stamp(start)} --> {_stamp(second)}",
            f"<v {rng.choice(SPEAKERS)}>{sentence}</v>",
            "",
        ]
        total += len(sentence.split())
    return "\n".join(cues)


def _stamp(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


def main() -> None:
    text = build_transcript()
    request = ExtractionRequest(
        text=text,
        meeting_date=date(2026, 11, 25),
        timezone="America/New_York",
        people=[KnownPerson(key=f"U{i}", name=name) for i, name in enumerate(SPEAKERS)],
        projects=[KnownProject(name="Atlas", aliases=["migration"])],
        source_kind="transcript",
    )
    started = time.perf_counter()
    result = RulesExtractor().extract(request)
    elapsed = time.perf_counter() - started
    print(f"words: {len(text.split())}  items: {len(result.items)}  seconds: {elapsed:.3f}")


if __name__ == "__main__":
    main()
