"""What kind of document this is: zero-shot by embedding similarity to label descriptions
(prompts/document_types), backed by structural cues (headings, salutations, GPA lines)."""

import math
import re
from dataclasses import dataclass
from functools import cached_property

import prompts

from ..embeddings import Embedder

__all__ = ["Classification", "DocumentClassifier"]

_CHUNK = 700
_CHUNKS = 3
_CUE_WEIGHT = 0.05
_MAX_CUES = 5
_TEMPERATURE = 0.05
_UNSURE = 0.35


@dataclass(frozen=True)
class Classification:
    doc_type: str
    confidence: float
    scores: dict[str, float]


class DocumentClassifier:
    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._table = prompts.load_table("document_types")

    @cached_property
    def _labels(self) -> dict[str, list[list[float]]]:
        return {
            label: self._embedder.embed(entry["descriptions"])
            for label, entry in self._table.items()
        }

    @cached_property
    def _cues(self) -> dict[str, list[re.Pattern[str]]]:
        return {
            label: [re.compile(c) for c in entry["cues"]] for label, entry in self._table.items()
        }

    def classify(self, text: str) -> Classification:
        chunks = [text[i : i + _CHUNK] for i in range(0, min(len(text), _CHUNK * _CHUNKS), _CHUNK)]
        if not any(chunk.strip() for chunk in chunks):
            return Classification("other", 1.0, {"other": 1.0})
        vectors = self._embedder.embed([c for c in chunks if c.strip()])
        raw = {}
        for label, descriptions in self._labels.items():
            similarity = max(
                sum(a * b for a, b in zip(v, d, strict=True)) for v in vectors for d in descriptions
            )
            cues = sum(1 for cue in self._cues[label] if cue.search(text))
            raw[label] = similarity + _CUE_WEIGHT * min(cues, _MAX_CUES)
        top = max(raw.values())
        weights = {label: math.exp((score - top) / _TEMPERATURE) for label, score in raw.items()}
        total = sum(weights.values())
        scores = {label: round(w / total, 4) for label, w in weights.items()}
        best = max(scores, key=lambda label: scores[label])
        if scores[best] < _UNSURE:  # nothing fits: say so rather than guess
            best = "other"
        return Classification(best, scores[best], scores)
