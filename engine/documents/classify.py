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

    def _chunk_vectors(self, text: str) -> list[list[float]]:
        """The first chunks of the text as sentence vectors: the mean of their wordpieces'
        contextual vectors (the model's own pooling), from the same pass the span tagger
        reads, so the model runs once per document."""
        import numpy as np

        offsets, states = self._embedder.token_states(text)
        vectors = []
        for start in range(0, min(len(text), _CHUNK * _CHUNKS), _CHUNK):
            inside = (offsets[:, 0] >= start) & (offsets[:, 0] < start + _CHUNK)
            if not text[start : start + _CHUNK].strip() or not inside.any():
                continue
            mean = states[inside].mean(axis=0)
            vectors.append((mean / (np.linalg.norm(mean) or 1.0)).tolist())
        return vectors

    def classify(self, text: str) -> Classification:
        vectors = self._chunk_vectors(text)
        if not vectors:
            return Classification("other", 1.0, {"other": 1.0})
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
