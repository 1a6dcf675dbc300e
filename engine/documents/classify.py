"""What kind of document this is.

Zero-shot by embedding similarity to label descriptions (prompts/document_types), backed by
structural cues, for every type; between a CV and a job description (the two that look most
alike to an embedding, and whose confusion costs most) a small learned weighting of
layout-independent cues (`cues.py`) and the two similarities decides. Who uploads, and for
whom, narrows the choice (`decide`); a document that stays unsure waits for a person's word.
"""

import json
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

import prompts

from ..embeddings import Embedder
from .cues import cue_features
from .language import Language, detect

__all__ = [
    "DECIDER",
    "Classification",
    "Decision",
    "DocumentClassifier",
    "DocumentType",
    "UploadContext",
    "decide",
]

DECIDER = Path(__file__).parent / "models" / "doc_classifier.json"
_CHUNK = 700
_CHUNKS = 3
_CUE_WEIGHT = 0.05
_MAX_CUES = 5
_TEMPERATURE = 0.05
_UNSURE = 0.35
SURE = 0.7
"""Below this a document's type is asked for (status needs_type) unless the upload says it."""


class DocumentType(StrEnum):
    RESUME = "resume"
    COVER_LETTER = "cover_letter"
    JOB_DESCRIPTION = "job_description"
    TRANSCRIPT = "transcript"
    CERTIFICATE = "certificate"
    REFERENCE_LETTER = "reference_letter"
    OTHER = "other"


class UploadContext(StrEnum):
    """What the upload itself says about the document."""

    PERSON = "person"
    """For a person's profile: the person's own upload, or staff uploading for someone else.
    Nobody posts a job that way."""
    POSTING = "posting"
    """A job being created (a recruiter's createJob, `ingest --as job_description`)."""
    UNKNOWN = "unknown"
    """Staff uploading under their own id: a job description or their own CV."""


@dataclass(frozen=True)
class Classification:
    doc_type: str
    confidence: float
    scores: dict[str, float]


@dataclass(frozen=True)
class Decision:
    doc_type: DocumentType | None
    """None: unsure; the document waits (status needs_type) for setDocumentType."""
    confidence: float
    reason: str


def decide(found: Classification, context: UploadContext) -> Decision:
    """The classifier's view narrowed by what the upload says.

    The one choice that changes what happens is a job description (a Job instead of the
    person's facts); a person's own kinds (CV, cover letter, transcript, ...) are all read
    into the profile, and the likeliest is taken. For a person's profile, content that reads
    as a job description is asked about. Otherwise a job description is taken when the
    classifier is sure of it, a person's document when it is sure it is none, and the rest
    waits for a person's word."""
    if context is UploadContext.POSTING:
        return Decision(DocumentType.JOB_DESCRIPTION, 1.0, "created as a job")
    job = found.scores.get(DocumentType.JOB_DESCRIPTION, 0.0)
    scores = {k: v for k, v in found.scores.items() if k != DocumentType.JOB_DESCRIPTION}
    best = max(scores, key=lambda label: scores[label])
    share = round(scores[best] / (sum(scores.values()) or 1.0), 4)
    if context is UploadContext.PERSON:
        if found.doc_type == DocumentType.JOB_DESCRIPTION:
            return Decision(None, found.confidence, "it was uploaded for a person's profile "
                            "but reads as a job description")  # fmt: skip
        return Decision(DocumentType(best), share, "content, for a person")
    if job >= SURE:
        return Decision(DocumentType.JOB_DESCRIPTION, job, "content")
    if job <= 1 - SURE:
        return Decision(DocumentType(best), share, "content")
    return Decision(None, job, f"it is {job:.0%} likely to be a job description")


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

    @cached_property
    def _decider(self) -> dict[str, list[float]]:
        model: dict[str, list[float]] = json.loads(DECIDER.read_text(encoding="utf-8"))
        return model

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

    def similarities(self, text: str) -> dict[str, float]:
        """Per label, the best similarity of a chunk of the text to a description of it."""
        vectors = self._chunk_vectors(text)
        return {
            label: max(
                (sum(a * b for a, b in zip(v, d, strict=True)) for v in vectors for d in ds),
                default=0.0,
            )
            for label, ds in self._labels.items()
        }

    def features(self, text: str, similarity: dict[str, float]) -> list[float]:
        """What the CV-or-job decider reads."""
        return [
            *cue_features(text),
            similarity[DocumentType.RESUME],
            similarity[DocumentType.JOB_DESCRIPTION],
        ]

    def job_probability(self, features: list[float]) -> float:
        model = self._decider
        z = model["bias"][0] + sum(
            w * (x - m) / s
            for w, x, m, s in zip(
                model["weights"], features, model["mean"], model["scale"], strict=True
            )
        )
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def classify(self, text: str, language: Language | None = None) -> Classification:
        """The decider's cues are English words: in another language (`language`, detected
        when not given) the embedding decides alone."""
        if not text.strip():
            return Classification("other", 1.0, {"other": 1.0})
        similarity = self.similarities(text)
        raw = {}
        for label, value in similarity.items():
            cues = sum(1 for cue in self._cues[label] if cue.search(text))
            raw[label] = value + _CUE_WEIGHT * min(cues, _MAX_CUES)
        top = max(raw.values())
        weights = {label: math.exp((score - top) / _TEMPERATURE) for label, score in raw.items()}
        total = sum(weights.values())
        scores = {label: w / total for label, w in weights.items()}
        if (language or detect(text)).supported:
            # Between a CV and a job description the learned decider splits their shared mass.
            job = self.job_probability(self.features(text, similarity))
            pair = scores[DocumentType.RESUME] + scores[DocumentType.JOB_DESCRIPTION]
            scores[DocumentType.RESUME] = pair * (1 - job)
            scores[DocumentType.JOB_DESCRIPTION] = pair * job
        scores = {label: round(s, 4) for label, s in scores.items()}
        best = max(scores, key=lambda label: scores[label])
        if scores[best] < _UNSURE:  # nothing fits: say so rather than guess
            best = "other"
        return Classification(best, scores[best], scores)
