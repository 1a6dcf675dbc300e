"""Skill-extraction quality on held-out data: dotin CVs and SkillSpan job postings.

Held-out splits: SkillSpan's own dev.json; for dotin (no official split), every CV whose id
hashes to 0 mod 5 (about 20%, listed in bench/splits/dotin_heldout.txt), so training scripts
can leave the same CVs out. Reads ../shared/datasets (development data, not shipped).

Matching: "exact" compares the sets of normalized skill strings per document; "lenient" and
SkillSpan's "loose" count a predicted span right when it overlaps a gold span (and a gold span
found when a prediction overlaps it).
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph_schema.keys import name_key
from training.datasets import SHARED, Example, Span, dotin, skillspan

__all__ = ["SHARED", "Example", "Scores", "dotin_heldout", "evaluate", "skillspan_dev"]

SPLIT = Path(__file__).parent / "splits" / "dotin_heldout.txt"

Predict = Callable[[str], list[Span]]


@dataclass
class Scores:
    precision: float
    recall: float
    f1: float

    def __str__(self) -> str:
        return f"P {self.precision:.2f} / R {self.recall:.2f} / F1 {self.f1:.2f}"


def _scores(tp_p: int, n_p: int, tp_g: int, n_g: int) -> Scores:
    precision = tp_p / n_p if n_p else 0.0
    recall = tp_g / n_g if n_g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(precision, recall, f1)


def dotin_heldout() -> list[Example]:
    """Held-out dotin CVs (the list is written to bench/splits so it is reviewable)."""
    examples = dotin(held_out=True)
    SPLIT.parent.mkdir(exist_ok=True)
    SPLIT.write_text("".join(f"{e.id}\n" for e in examples))
    return examples


def skillspan_dev() -> list[Example]:
    return skillspan("dev")


def evaluate(examples: list[Example], predict: Predict) -> tuple[Scores, Scores]:
    """(exact-normalized, lenient span-overlap) micro scores."""
    exact = [0, 0, 0, 0]
    loose = [0, 0, 0, 0]
    for example in examples:
        predicted = predict(example.text)
        gold_keys = {name_key(example.text[s:e]) for s, e in example.gold} - {""}
        pred_keys = {name_key(example.text[s:e]) for s, e in predicted} - {""}
        hit = len(gold_keys & pred_keys)
        exact = [
            exact[0] + hit,
            exact[1] + len(pred_keys),
            exact[2] + hit,
            exact[3] + len(gold_keys),
        ]
        tp_p = sum(any(_overlap(p, g) for g in example.gold) for p in predicted)
        tp_g = sum(any(_overlap(p, g) for p in predicted) for g in example.gold)
        loose = [
            loose[0] + tp_p,
            loose[1] + len(predicted),
            loose[2] + tp_g,
            loose[3] + len(example.gold),
        ]
    return _scores(*exact), _scores(*loose)


def _overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
