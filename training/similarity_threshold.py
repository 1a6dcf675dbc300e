"""Calibrate the ladder's similarity rung: `python -m training.similarity_threshold`.

Pairs of different O*NET technologies that share a UNSPSC commodity ("PostgreSQL" and
"MySQL" are both database management software) stand for skills that can stand in for each
other; pairs from different commodities stand for skills that cannot. Over an equal number of
each (drawn with a fixed seed), the threshold is the lowest cosine similarity of the two names'
embeddings (the model the graph's vectors come from) at which at least PRECISION of the pairs
above it share a commodity. The bar is high because real pairs are far more often unrelated
than this balanced sample. It prints the curve; copy the threshold into
`engine/matching/ladder.py` (SIMILAR_THRESHOLD).
"""

import random
from collections import defaultdict

import numpy as np

from engine import Embedder
from onet_loader.release import bundled_release_path
from onet_loader.vocabulary import skill_vocabulary

PAIRS = 4000
PRECISION = 0.98
SEED = 7


Pair = tuple[str, str]


def pairs(by_category: dict[str, list[str]], rng: random.Random) -> tuple[list[Pair], list[Pair]]:
    shared = [c for c, names in by_category.items() if len(names) > 1]
    category_of = {n: c for c, names in by_category.items() for n in names}
    names = sorted(category_of)
    positive: list[Pair] = []
    negative: list[Pair] = []
    while len(positive) < PAIRS:
        a, b = rng.sample(by_category[rng.choice(shared)], 2)
        positive.append((a, b))
    while len(negative) < PAIRS:
        a, b = rng.sample(names, 2)
        if category_of[a] != category_of[b]:
            negative.append((a, b))
    return positive, negative


def main() -> None:
    by_category: dict[str, list[str]] = defaultdict(list)
    for row in skill_vocabulary(bundled_release_path()):
        if row["label"] == "Technology" and row.get("reason") is None and row.get("about"):
            by_category[str(row["about"])].append(str(row["name"]))
    for names in by_category.values():
        names.sort()
    rng = random.Random(SEED)
    positive, negative = pairs(by_category, rng)
    names = sorted({n for pair in positive + negative for n in pair})
    vectors = dict(zip(names, np.asarray(Embedder().embed(names)), strict=True))

    def cosine(pair: tuple[str, str]) -> float:
        a, b = vectors[pair[0]], vectors[pair[1]]
        return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))

    pos = np.array([cosine(p) for p in positive])
    neg = np.array([cosine(p) for p in negative])
    chosen = None
    print("threshold  precision  share of same-commodity pairs above")
    for t in np.arange(0.30, 0.96, 0.02):
        above_pos, above_neg = int((pos >= t).sum()), int((neg >= t).sum())
        precision = above_pos / max(above_pos + above_neg, 1)
        print(f"{t:9.2f}  {precision:9.3f}  {above_pos / len(pos):6.3f}")
        if chosen is None and precision >= PRECISION:
            chosen = round(float(t), 2)
    print(f"SIMILAR_THRESHOLD = {chosen}  ({PAIRS} pairs of each kind, seed {SEED})")


if __name__ == "__main__":
    main()
