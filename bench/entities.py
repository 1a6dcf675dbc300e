"""Employers, titles, degrees and institutions on the held-out dotin CVs: precision and recall
of the facts the extractor stores, by span overlap with the labelled spans (lenient) and by
the sets of normalised strings (exact)."""

from collections.abc import Callable

from bench.extraction import Scores, _scores
from engine.documents.facts import FactExtractor
from engine.documents.text import ExtractedText, Page
from graph_schema.keys import tokens
from training.datasets import Example

__all__ = ["KINDS", "entity_scores"]

KINDS = {"employer": "employer", "role": "role", "degree": "degree", "institution": "institution"}
"""fact kind -> dotin label (Companies worked at, Designation, Degree, College Name)."""

Found = list[tuple[str, int, int, str]]


def predictions(extractor: FactExtractor) -> Callable[[str], Found]:
    def predict(text: str) -> Found:
        facts = extractor.extract(ExtractedText([Page(1, text)], "txt"))
        return [(f.kind, f.evidence.start, f.evidence.end, f.value) for f in facts
                if f.kind in KINDS]  # fmt: skip

    return predict


def entity_scores(
    examples: list[Example], predict: Callable[[str], Found]
) -> dict[str, tuple[Scores, Scores]]:
    """Per kind, over each CV's distinct values: (exact, lenient) micro scores. Exact: the
    same normalised string; lenient: one's words contain the other's ("Oracle" and "Oracle
    India Pvt Ltd"; "B.Tech" and "B.Tech in Computer Science")."""
    counts = {k: ([0, 0, 0, 0], [0, 0, 0, 0]) for k in KINDS}
    for example in examples:
        found = predict(example.text)
        for kind, label in KINDS.items():
            gold = {_words(example.text[s:e]) for s, e, lab in example.spans if lab == label}
            pred = {_words(v) for k, _, _, v in found if k == kind}
            gold.discard(())
            pred.discard(())
            exact, loose = counts[kind]
            hit = len(gold & pred)
            exact[:] = [exact[0] + hit, exact[1] + len(pred), exact[2] + hit,
                        exact[3] + len(gold)]  # fmt: skip
            tp_p = sum(any(_close(p, g) for g in gold) for p in pred)
            tp_g = sum(any(_close(p, g) for p in pred) for g in gold)
            loose[:] = [loose[0] + tp_p, loose[1] + len(pred), loose[2] + tp_g,
                        loose[3] + len(gold)]  # fmt: skip
    return {k: (_scores(*e), _scores(*loose)) for k, (e, loose) in counts.items()}


def _words(value: str) -> tuple[str, ...]:
    return tuple(tokens(value))


def _close(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    shorter, longer = sorted((a, b), key=len)
    return set(shorter) <= set(longer)
