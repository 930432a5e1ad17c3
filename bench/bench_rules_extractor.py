"""How long RulesExtractor takes on each input form, side by side: a two-hour WebVTT
transcript (~20,000 words, target under 2 s), the same talk as `Speaker: text` notes, a
2,000-message Slack thread given as utterances, and flat lists of 10,000 and 100,000
bullets (cost must grow linearly). Best of three runs each; `--quick` skips 100k.

Run: .venv/bin/python -m bench.bench_rules_extractor [--quick]
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from extractors.models import ExtractionRequest, KnownPerson, KnownProject, Speaker, Utterance
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


MEETING = date(2026, 11, 25)
PEOPLE = [KnownPerson(key=f"U{i}", name=name) for i, name in enumerate(SPEAKERS)]


def _talk(words: int, seed: int = 7) -> list[tuple[str, str]]:
    """(speaker, sentence) pairs: filler talk with a commitment every so often."""
    rng = random.Random(seed)
    said: list[tuple[str, str]] = []
    total = 0
    while total < words:
        sentence = " ".join(rng.choice(FILLER) for _ in range(rng.randint(12, 40)))
        sentence = sentence.capitalize() + "."
        if rng.random() < 0.08:
            sentence += " " + rng.choice(COMMITMENTS)
        said.append((rng.choice(SPEAKERS), sentence))
        total += len(sentence.split())
    return said


def speaker_notes(words: int = 20_000) -> str:
    return "\n\n".join(f"{who}: {text}" for who, text in _talk(words))


def thread(messages: int = 2_000) -> list[Utterance]:
    start = datetime(2026, 11, 11, 9, tzinfo=UTC)
    speakers = [
        Speaker(user_id=f"U{i}", display_name=n.split()[0].lower(), real_name=n)
        for i, n in enumerate(SPEAKERS)
    ]
    talk = _talk(messages * 20)[:messages]
    return [
        Utterance(speaker=speakers[i % len(speakers)], text=text, at=start + timedelta(minutes=i))
        for i, (_, text) in enumerate(talk)
    ]


def bullets(count: int) -> str:
    rng = random.Random(11)
    lines = ["# Action items"]
    for i in range(count):
        owner = rng.choice(SPEAKERS).split()[0]
        lines.append(f"- {owner}: deliver widget {i} report by 12/{1 + i % 28}")
    return "\n".join(lines)


def _request(**fields) -> ExtractionRequest:
    return ExtractionRequest(
        meeting_date=MEETING,
        timezone="America/New_York",
        people=PEOPLE,
        projects=[KnownProject(name="Atlas", aliases=["migration"])],
        **fields,
    )


def _best_of(runs: int, make: Callable[[], ExtractionRequest]) -> tuple[float, int]:
    request = make()
    times, items = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        items = len(RulesExtractor().extract(request).items)
        times.append(time.perf_counter() - started)
    return min(times), items


def main() -> None:
    quick = "--quick" in sys.argv
    cases: list[tuple[str, int, Callable[[], ExtractionRequest]]] = [
        ("WebVTT transcript, 2 h", 20_000, lambda: _request(text=build_transcript())),
        ("Speaker: text notes", 20_000, lambda: _request(text=speaker_notes())),
        ("Slack thread, 2,000 messages", 2_000, lambda: _request(utterances=thread())),
        ("bullets", 10_000, lambda: _request(text=bullets(10_000))),
    ]
    if not quick:
        cases.append(("bullets", 100_000, lambda: _request(text=bullets(100_000))))
    print(f"{'input':32} {'size':>8} {'items':>7} {'seconds':>8}")
    for name, size, make in cases:
        seconds, items = _best_of(1 if size >= 100_000 else 3, make)
        print(f"{name:32} {size:>8,} {items:>7,} {seconds:>8.3f}")


if __name__ == "__main__":
    main()
