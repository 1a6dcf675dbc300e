"""Train the link check: `python -m training.link_gate` (CPU, under a minute).

A logistic regression over the features in `engine/documents/linking.py`, fitted on the
labelled mentions in bench/data/linking.tsv. The threshold is chosen on out-of-fold
probabilities (5 folds by document, so no document is scored by a model that saw it): the
highest that keeps out-of-fold recall within MAX_RECALL_LOSS of keeping every link, so the
check never costs more right links than that. The out-of-fold figures (and the whole curve)
are what the benchmark reports as the honest estimate.
"""

import json
import zlib

import numpy as np

from bench.linking import mentions, rows
from engine import Embedder
from engine.documents.linking import FEATURES, GATE_MODEL, LinkGate
from onet_loader.release import bundled_release_path
from onet_loader.vocabulary import skill_vocabulary

FOLDS = 5
L2 = 2.0
STEPS = 4000
RATE = 0.1
MAX_RECALL_LOSS = 0.03


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        w -= RATE * (z.T @ (p - y) / len(y) + L2 * w / len(y))
        b -= RATE * float(np.mean(p - y))
    return w, b, mean, scale


def predict(model: tuple[np.ndarray, float, np.ndarray, np.ndarray], x: np.ndarray) -> np.ndarray:
    w, b, mean, scale = model
    return np.asarray(1 / (1 + np.exp(-(((x - mean) / scale) @ w + b))))


def out_of_fold(x: np.ndarray, y: np.ndarray, groups: list[str]) -> np.ndarray:
    fold = np.array([zlib.crc32(g.encode()) % FOLDS for g in groups])
    probabilities = np.zeros(len(y))
    for k in range(FOLDS):
        model = fit(x[fold != k], y[fold != k])
        probabilities[fold == k] = predict(model, x[fold == k])
    return probabilities


def choose_threshold(p: np.ndarray, y: np.ndarray) -> float:
    best = 0.0
    for threshold in np.arange(0.01, 0.96, 0.01):
        if (p >= threshold)[y == 1].mean() >= 1 - MAX_RECALL_LOSS:
            best = round(float(threshold), 2)
    return best


def _curve(p: np.ndarray, y: np.ndarray) -> list[dict[str, float]]:
    points = []
    for threshold in np.arange(0.1, 0.95, 0.1):
        kept = p >= threshold
        points.append({"threshold": round(float(threshold), 1),
                       "precision": round(float(y[kept].mean()), 3),
                       "recall": round(float(kept[y == 1].mean()), 3)})  # fmt: skip
    return points


def main() -> None:
    labelled = rows()
    rows_ = skill_vocabulary(bundled_release_path())
    gate = LinkGate(rows_, Embedder())
    x = np.array(gate.features(mentions(labelled)))
    y = np.array([r.gold == r.term for r in labelled], dtype=float)
    oof = out_of_fold(x, y, [r.document for r in labelled])
    threshold = choose_threshold(oof, y)
    kept = oof >= threshold
    precision = float(y[kept].mean())
    recall = float(kept[y == 1].mean())
    w, b, mean, scale = fit(x, y)
    GATE_MODEL.write_text(json.dumps({
        "features": list(FEATURES), "weights": w.round(6).tolist(), "bias": round(b, 6),
        "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
        "threshold": threshold,
        "trained_on": {"mentions": len(y), "right": int(y.sum())},
        "out_of_fold": {"precision": round(precision, 4), "recall": round(recall, 4),
                        "curve": _curve(oof, y)},
    }, indent=1) + "\n")  # fmt: skip
    print(f"threshold {threshold}: out-of-fold P {precision:.3f} R {recall:.3f}")
    for name, weight in zip(FEATURES, w, strict=True):
        print(f"  {name:24} {weight:+.2f}")


if __name__ == "__main__":
    main()
