"""Time placing 'blocked by X' on the item X names, in a program of 50,000 open items.

Side by side: scoring every open item exactly, and `upstream_item`, which scores only
the items that could still beat or tie the best (best substring counts first). Tasks
are 4-7 words from a 300-word vocabulary plus a ticket id, with a fixed seed; each
target is placed once per mode, best of three.

Run: .venv/bin/python -m bench.bench_dependency_placement
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from coordination.analysis.model import ItemFacts
from coordination.dependencies.placement import upstream_item
from coordination.ingest.text_match import target_coverage

ITEMS = 50_000
VERBS = "ship build write review test update fix draft migrate deploy publish plan".split()
TARGETS = [
    "the invoicing API",
    "the mobile checkout screen",
    "the vendor contract review",
    "ABC-4711",
    "the data retention policy",
]


def _program(seed: int = 7) -> list[ItemFacts]:
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(300)]
    items = [
        ItemFacts(
            id=i,
            project_id=i % 200,
            owner_ids=(),
            task=" ".join(
                [rng.choice(VERBS), *rng.sample(vocabulary, rng.randint(3, 6)), f"ABC-{i}"]
            ),
            status="open",
            due=None,
            estimate_days=None,
        )
        for i in range(ITEMS)
    ]
    named = ["Ship the invoicing API", "Build the mobile checkout screen", "Draft the policy"]
    return items + [
        ItemFacts(
            id=ITEMS + n,
            project_id=1,
            owner_ids=(),
            task=t,
            status="open",
            due=None,
            estimate_days=None,
        )
        for n, t in enumerate(named)
    ]


def _every_item(target: str, items: list[ItemFacts], downstream_id: int) -> int | None:
    scored = sorted(
        ((target_coverage(target, i.task), i.id) for i in items if i.id != downstream_id),
        reverse=True,
    )
    if not scored or scored[0][0][0] < 0.5 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _best_of_three(place: Callable[..., int | None], target: str, items: list[ItemFacts]):
    times, found = [], None
    for _ in range(3):
        start = time.perf_counter()
        found = place(target, items, -1)
        times.append(time.perf_counter() - start)
    return min(times), found


def main() -> None:
    items = _program()
    print(f"{len(items):,} open items; best of three per target")
    print(f"{'target':32} {'every item':>12} {'upstream_item':>14}  found")
    for target in TARGETS:
        slow, expected = _best_of_three(_every_item, target, items)
        fast, found = _best_of_three(upstream_item, target, items)
        assert found == expected, (target, found, expected)
        print(f"{target:32} {slow * 1000:10.0f} ms {fast * 1000:12.0f} ms  {found}")


if __name__ == "__main__":
    main()
