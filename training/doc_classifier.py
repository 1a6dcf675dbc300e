"""Train the CV-or-job-description decider: `python -m training.doc_classifier` (CPU, ~2 min).

A logistic regression over layout-independent cues and the embedding's two similarities
(`engine/documents/classify.py`). Trains on the dotin CVs outside the held-out split and on
SkillSpan's train.json postings, each as written and with its line breaks collapsed (as ATS
exports and pasted forms give them); the held-out CVs, SkillSpan dev and the shared documents
are the development set the benchmark reads, never trained on.
"""

import hashlib
import json
import re

import numpy as np
from rich.progress import track

from engine.documents.classify import DECIDER, DocumentClassifier
from engine.documents.cues import CUE_FAMILIES
from engine.embeddings import Embedder

from .datasets import dotin, skillspan_postings

L2 = 1.0
STEPS = 3000
RATE = 0.1


def collapse(text: str) -> str:
    """The text with every run of whitespace (line breaks included) as one space."""
    return re.sub(r"\s+", " ", text).strip()


def _fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= RATE * (x.T @ (p - y) / len(y) + L2 * w / len(y))
        b -= RATE * float(np.mean(p - y))
    return w, b


def main() -> None:
    classifier = DocumentClassifier(Embedder())
    texts = [(e.text, 0) for e in dotin(held_out=False)]
    texts += [(e.text, 1) for e in skillspan_postings("train")]
    rows, labels = [], []
    for text, label in track(texts, description="features"):
        for variant in (text, collapse(text)):
            rows.append(classifier.features(variant, classifier.similarities(variant)))
            labels.append(label)
    x = np.array(rows)
    y = np.array(labels, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    w, b = _fit((x - mean) / scale, y)
    predicted = (1 / (1 + np.exp(-(((x - mean) / scale) @ w + b)))) > 0.5
    fingerprint = hashlib.sha256("".join(t for t, _ in texts).encode()).hexdigest()[:16]
    DECIDER.write_text(
        json.dumps(
            {
                "features": [*CUE_FAMILIES, "similarity_resume", "similarity_job_description"],
                "mean": mean.round(6).tolist(),
                "scale": scale.round(6).tolist(),
                "weights": w.round(6).tolist(),
                "bias": [round(b, 6)],
                "trained_on": {
                    "cvs": sum(1 for _, y in texts if y == 0),
                    "postings": sum(1 for _, y in texts if y == 1),
                    "fingerprint": fingerprint,
                },
                "training_accuracy": round(float(np.mean(predicted == y.astype(bool))), 4),
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {DECIDER}: training accuracy {np.mean(predicted == y.astype(bool)):.3f}")


if __name__ == "__main__":
    main()
