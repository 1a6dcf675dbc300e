"""Ontology linking precision and recall on labelled mentions in context.

`bench/data/linking.tsv`: every link today's extractor made in a sample of the development
documents (dictionary and search), each marked by hand with the O*NET id the mention means
or "-". Precision: kept links that are right / kept links; recall: right links kept / right
links. "Before" keeps every link (the extractor without the context check).
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from engine.documents.linking import GATE_MODEL, LinkGate, Mention

__all__ = ["LABELLED", "Row", "measure", "mentions", "rows"]

LABELLED = Path(__file__).parent / "data" / "linking.tsv"


@dataclass(frozen=True)
class Row:
    source: str
    document: str
    how: str
    surface: str
    term: str
    gold: str
    context: str


def rows() -> list[Row]:
    with LABELLED.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [
        Row(r["source"], r["document"], r["how"], r["surface"], r["term"], r["gold"], r["context"])
        for r in csv.DictReader(lines, delimiter="\t")
    ]


def mentions(labelled: list[Row]) -> list[Mention]:
    found = []
    for row in labelled:
        start = max(row.context.find(row.surface), 0)
        found.append(Mention(row.context, row.term, start, start + len(row.surface),
                             searched=row.how == "search"))  # fmt: skip
    return found


def evaluate(labelled: list[Row], kept: list[bool]) -> tuple[float, float]:
    right = [r.gold == r.term for r in labelled]
    tp = sum(k and ok for k, ok in zip(kept, right, strict=True))
    precision = tp / max(sum(kept), 1)
    recall = tp / max(sum(right), 1)
    return precision, recall


def measure(gate: LinkGate) -> list[list[str]]:
    """Rows for the report: before, the check (in-sample), and out of fold."""
    labelled = rows()
    checks = gate.check(mentions(labelled))
    before = evaluate(labelled, [True] * len(labelled))
    after = evaluate(labelled, [c.keep for c in checks])
    model = json.loads(GATE_MODEL.read_text())
    oof = model["out_of_fold"]
    right = sum(r.gold == r.term for r in labelled)
    curve = "; ".join(f"{p['threshold']}: P {p['precision']:.2f} R {p['recall']:.2f}"
                      for p in oof["curve"])  # fmt: skip
    return [
        ["linking, every link kept (before)", f"P {before[0]:.3f} / R {before[1]:.3f}", "",
         "", f"{len(labelled)} labelled mentions, {right} right links"],
        ["linking with the context check, out of fold",
         f"P {oof['precision']:.3f} / R {oof['recall']:.3f}", ">= 0.95 / >= 0.97",
         _met(oof["precision"] >= 0.95 and oof["recall"] >= 0.97),
         f"5 folds by document; threshold {model['threshold']}; curve {curve}"],
        ["linking with the context check, shipped model on the same set",
         f"P {after[0]:.3f} / R {after[1]:.3f}", "", "", "in-sample (it was fitted on these)"],
    ]  # fmt: skip


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"
