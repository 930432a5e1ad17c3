"""What checking a model's answer costs: honest citations against an adversarial model
that cites every line of the chunk for every item (so each item is narrowed).

One 200-line chunk (the extractor's default), 50 items per answer, as notes and as a
Slack thread. The model call itself is not timed: it is the server's latency.

Run: .venv/bin/python bench/bench_llm_checks.py
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

from extractors.llm.conversation import read_source
from extractors.llm.lines import blank
from extractors.llm.schema import ModelItem
from extractors.llm.support import stems
from extractors.llm.validation import check_item, instruction_like
from extractors.models import ExtractionRequest, KnownPerson, Speaker, Utterance

LINES, ITEMS, ROUNDS = 200, 50, 5
FILLER = "we looked at the latency numbers again and the cache warmup still dominates".split()
TASKS = [
    "send the revised deck",
    "update the migration plan",
    "review the pricing doc",
    "draft the rollout checklist",
    "follow up with legal",
]
PEOPLE = [KnownPerson(key=f"U{n}", name=name) for n, name in enumerate(["Ana", "Bo", "Cy"])]


def _texts(seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = [" ".join(rng.choices(FILLER, k=12)) for _ in range(LINES)]
    for n in range(ITEMS):
        texts[n * (LINES // ITEMS)] = f"I'll {TASKS[n % len(TASKS)]} {n} by Friday"
    return texts


def _requests() -> dict[str, ExtractionRequest]:
    texts = _texts()
    start = datetime(2026, 11, 11, 15, tzinfo=UTC)
    speakers = [Speaker(user_id=p.key, display_name=p.name.lower()) for p in PEOPLE]
    utterances = [
        Utterance(speaker=speakers[n % 3], text=t, at=start + timedelta(minutes=n))
        for n, t in enumerate(texts)
    ]
    shared = {"meeting_date": date(2026, 11, 25), "people": PEOPLE}
    return {
        "notes": ExtractionRequest(text="\n".join(texts), **shared),
        "thread": ExtractionRequest(utterances=utterances, **shared),
    }


def _answer(request: ExtractionRequest, wide: bool) -> list[ModelItem]:
    items = []
    for n in range(ITEMS):
        line = n * (LINES // ITEMS) + 1
        items.append(
            ModelItem(
                task=f"{TASKS[n % len(TASKS)].capitalize()} {n}",
                owners=[PEOPLE[(line - 1) % 3].key if request.utterances else "Ana"],
                due="2026-11-27",
                due_quote="by Friday",
                project=None,
                dependencies=[],
                evidence_first_line=1 if wide else line,
                evidence_last_line=999 if wide else line,
                confidence=0.9,
            )
        )
    return items


def _time(request: ExtractionRequest, answer: list[ModelItem]) -> tuple[float, int]:
    best, kept = float("inf"), 0
    for _ in range(ROUNDS):
        stems.cache_clear()
        started = time.perf_counter()
        source = read_source(request)
        support = blank(source.lines, instruction_like([x.content for x in source.lines]))
        checks = [check_item(raw, source, support, (1, LINES), request) for raw in answer]
        best = min(best, time.perf_counter() - started)
        kept = sum(c.item is not None for c in checks)
    return best, kept


def main() -> None:
    print(f"{LINES}-line chunk, {ITEMS} items per answer, best of {ROUNDS}")
    print(f"{'source':<8} {'citations':<22} {'ms/answer':>10} {'ms/item':>8} {'kept':>5}")
    for name, request in _requests().items():
        for wide in (False, True):
            seconds, kept = _time(request, _answer(request, wide))
            label = "every item 1-999" if wide else "own line"
            ms = seconds * 1000
            print(f"{name:<8} {label:<22} {ms:>10.1f} {ms / ITEMS:>8.2f} {kept:>5}")


if __name__ == "__main__":
    main()
