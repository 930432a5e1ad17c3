"""Score an extractor against a gold corpus laid out like /work/shared/eval.

Each document is read twice: the discussion only (`body_lines`) and the whole
file. Predicted items are matched one-to-one to gold items by task similarity;
precision, recall and F1 count matches, owner and due-date accuracy are
measured on the matched pairs only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from extractors.models import ExtractedItem, ExtractionRequest, Extractor
from extractors.rules.text import similarity

READINGS = ("discussion", "whole")
MATCH_THRESHOLD = 0.4
_ANNOTATION = re.compile(r"\s*\[[^\]]*\]")


@dataclass(frozen=True)
class GoldItem:
    task: str
    owners: list[str]
    due: date | None


@dataclass(frozen=True)
class GoldDoc:
    id: str
    file: str
    meeting_date: date
    body_lines: tuple[int, int]
    items: list[GoldItem]
    family: str = ""


@dataclass
class Counts:
    """Tallies that add up across documents (micro averages)."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    owner_correct: int = 0
    due_correct: int = 0

    def add(self, other: Counts) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.matched += other.matched
        self.owner_correct += other.owner_correct
        self.due_correct += other.due_correct

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def owner_accuracy(self) -> float:
        return self.owner_correct / self.matched if self.matched else 0.0

    @property
    def due_accuracy(self) -> float:
        return self.due_correct / self.matched if self.matched else 0.0


@dataclass
class Match:
    gold: GoldItem
    predicted: ExtractedItem
    score: float


@dataclass
class DocReport:
    id: str
    reading: str
    counts: Counts
    family: str = ""
    format: str = ""
    matches: list[Match] = field(default_factory=list)
    missed: list[GoldItem] = field(default_factory=list)
    spurious: list[ExtractedItem] = field(default_factory=list)


@dataclass
class CorpusReport:
    split: str
    extractor: str
    docs: list[DocReport]
    overall: dict[str, Counts]


def load_gold(corpus_dir: Path) -> list[GoldDoc]:
    """Gold documents from gold.jsonl, in file order."""
    docs = []
    for line in (corpus_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        items = [
            GoldItem(
                i["task"], list(i["owners"]), date.fromisoformat(i["due"]) if i["due"] else None
            )
            for i in raw["items"]
        ]
        first, last = raw["body_lines"]
        docs.append(
            GoldDoc(
                raw["id"],
                raw["file"],
                date.fromisoformat(raw["meeting_date"]),
                (first, last),
                items,
                raw.get("family", ""),
            )
        )
    return docs


def split_ids(corpus_dir: Path, split: str) -> set[str] | None:
    """Ids in the split, or None (every document) when the corpus has no split file."""
    path = corpus_dir / "split.json"
    if not path.exists():
        return None
    return set(json.loads(path.read_text(encoding="utf-8"))[split])


def owner_key(name: str) -> str:
    """Owners compare case-insensitively and without a leading '@'."""
    return name.strip().lstrip("@").lower()


def match_items(gold: list[GoldItem], predicted: list[ExtractedItem]) -> list[Match]:
    """Greedy one-to-one matching, best similarity first; gold '[…]' notes are ignored."""
    pairs = []
    for gi, g in enumerate(gold):
        task = _ANNOTATION.sub("", g.task)
        for pi, p in enumerate(predicted):
            score = similarity(task, p.task)
            if score >= MATCH_THRESHOLD:
                pairs.append((score, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for score, gi, pi in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append(Match(gold[gi], predicted[pi], score))
    return matches


def score_doc(
    doc_id: str, reading: str, gold: list[GoldItem], predicted: list[ExtractedItem]
) -> DocReport:
    """Counts for one document in one reading, with the misses kept for the report."""
    matches = match_items(gold, predicted)
    counts = Counts(predicted=len(predicted), gold=len(gold), matched=len(matches))
    for m in matches:
        want = {owner_key(o) for o in m.gold.owners}
        got = {owner_key(o.name) for o in m.predicted.owners}
        counts.owner_correct += want == got
        counts.due_correct += m.gold.due == m.predicted.due
    matched_gold = {id(m.gold) for m in matches}
    matched_pred = {id(m.predicted) for m in matches}
    return DocReport(
        doc_id,
        reading,
        counts,
        matches=matches,
        missed=[g for g in gold if id(g) not in matched_gold],
        spurious=[p for p in predicted if id(p) not in matched_pred],
    )


def reading_text(text: str, body_lines: tuple[int, int], reading: str) -> str:
    """The discussion reading keeps only body_lines (1-based, inclusive), counted in real
    line breaks as an editor counts them (str.splitlines also breaks on U+2029)."""
    if reading == "whole":
        return text
    first, last = body_lines
    return "\n".join(text.split("\n")[first - 1 : last])


def _doc_path(corpus_dir: Path, doc: GoldDoc) -> Path:
    """The notes file: `file` relative to the corpus, else notes/<id>.md."""
    direct = corpus_dir / doc.file
    return direct if direct.is_file() else corpus_dir / "notes" / f"{doc.id}.md"


def evaluate_corpus(corpus_dir: Path, extractor: Extractor, split: str = "dev") -> CorpusReport:
    """Run `extractor` on every document of the split in both readings and score it."""
    corpus_dir = Path(corpus_dir)
    wanted = split_ids(corpus_dir, split)
    docs: list[DocReport] = []
    overall = {reading: Counts() for reading in READINGS}
    for gold_doc in load_gold(corpus_dir):
        if wanted is not None and gold_doc.id not in wanted:
            continue
        text = _doc_path(corpus_dir, gold_doc).read_text(encoding="utf-8")
        for reading in READINGS:
            request = ExtractionRequest(
                text=reading_text(text, gold_doc.body_lines, reading),
                meeting_date=gold_doc.meeting_date,
            )
            result = extractor.extract(request)
            report = score_doc(gold_doc.id, reading, gold_doc.items, result.items)
            report.family, report.format = gold_doc.family, result.format
            overall[reading].add(report.counts)
            docs.append(report)
    return CorpusReport(split, getattr(extractor, "name", type(extractor).__name__), docs, overall)


def _row(label: str, c: Counts) -> str:
    return (
        f"{label:<36} {c.predicted:>4} {c.gold:>4} {c.matched:>4}  "
        f"{c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f}  "
        f"{c.owner_accuracy:5.2f} {c.due_accuracy:5.2f}"
    )


def grouped(report: CorpusReport, reading: str, key: str) -> dict[str, Counts]:
    """Micro tallies per community family or per notes format the extractor read."""
    groups: dict[str, Counts] = {}
    for doc in report.docs:
        if doc.reading == reading:
            groups.setdefault(getattr(doc, key) or "-", Counts()).add(doc.counts)
    return dict(sorted(groups.items()))


def format_report(report: CorpusReport) -> str:
    """A plain-text table per reading: per document, per family, per format, overall."""
    header = (
        f"{'document':<36} {'pred':>4} {'gold':>4} {'hit':>4}  "
        f"{'P':>5} {'R':>5} {'F1':>5}  {'owner':>5} {'due':>5}"
    )
    out = [f"extractor: {report.extractor}   split: {report.split}"]
    for reading in READINGS:
        out += ["", f"== {reading} reading ==", header]
        out += [_row(d.id, d.counts) for d in report.docs if d.reading == reading]
        for key in ("family", "format"):
            out += [_row(f"{key}: {name}", c) for name, c in grouped(report, reading, key).items()]
        out.append(_row("OVERALL (micro)", report.overall[reading]))
    return "\n".join(out)
