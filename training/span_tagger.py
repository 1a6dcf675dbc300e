"""Train the span tagger's head: `python -m training.span_tagger` (CPU, a few minutes).

Reproducible: fixed seeds, one thread order, the training data fingerprinted into the
shipped config. Trains on the dotin CVs outside the held-out split and on SkillSpan's
train.json; the held-out dotin CVs and SkillSpan dev.json are never read here.
"""

import hashlib
import json
import random
import time
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import torch
import typer
from rich.progress import track
from safetensors.torch import save_file

from engine.documents.tagger import ENTITY_LABELS, MODEL_DIR, SURFACE_FEATURES, build_head, features
from engine.documents.vocabulary import Vocabulary
from engine.embeddings import Embedder
from onet_loader.release import bundled_release_path
from onet_loader.vocabulary import skill_vocabulary

from .datasets import Example, dotin, skillspan

SEGMENT = 256
CONFIG: dict[str, Any] = {
    "input": Embedder.dimension + SURFACE_FEATURES,
    "hidden": 256,
    "dropout": 0.25,
    "epochs": 12,
    "batch": 16,
    "learning_rate": 2e-3,
    "seed": 13,
}


def _tags(example: Example, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per wordpiece: skill BIO (0 O, 1 B, 2 I) and entity BIO (0 O, 2k+1 B-k, 2k+2 I-k)."""
    skill = np.zeros(len(offsets), dtype=np.int64)
    entity = np.zeros(len(offsets), dtype=np.int64)
    for start, end, label in example.spans:
        inside = [i for i, (s, e) in enumerate(offsets) if s >= start and e <= end and e > s]
        for n, i in enumerate(inside):
            if label == "skill":
                skill[i] = 1 if n == 0 else 2
            else:
                k = ENTITY_LABELS.index(label)
                entity[i] = 2 * k + 1 if n == 0 else 2 * k + 2
    return skill, entity


def _segments(examples: list[Example], embedder: Embedder, vocabulary: Vocabulary) -> list[Any]:
    out = []
    for example in track(examples, description="features"):
        offsets, x = features(example.text, embedder, vocabulary)
        skill, entity = _tags(example, offsets)
        has_entities = example.source == "dotin"
        for start in range(0, len(offsets), SEGMENT):
            end = start + SEGMENT
            out.append((x[start:end], skill[start:end], entity[start:end], has_entities))
    return out


def _batches(segments: list[Any], size: int, rng: random.Random) -> Any:
    order = list(range(len(segments)))
    rng.shuffle(order)
    for i in range(0, len(order), size):
        chosen = [segments[j] for j in order[i : i + size]]
        width = max(len(c[0]) for c in chosen)
        x = torch.zeros((len(chosen), width, CONFIG["input"]))
        skill = torch.full((len(chosen), width), -100, dtype=torch.long)
        entity = torch.full((len(chosen), width), -100, dtype=torch.long)
        for row, (fx, fs, fe, has_entities) in enumerate(chosen):
            x[row, : len(fx)] = torch.from_numpy(fx)
            skill[row, : len(fs)] = torch.from_numpy(fs)
            if has_entities:
                entity[row, : len(fe)] = torch.from_numpy(fe)
        yield x, skill, entity


def _fingerprint(examples: list[Example]) -> str:
    digest = hashlib.sha256()
    for example in examples:
        digest.update(example.id.encode() + example.text.encode())
    return digest.hexdigest()[:16]


def main(
    out: Annotated[Path, typer.Option(help="Where to write head.safetensors")] = MODEL_DIR,
) -> None:
    random.seed(CONFIG["seed"])
    np.random.seed(CONFIG["seed"])
    torch.manual_seed(CONFIG["seed"])
    torch.use_deterministic_algorithms(True)
    began = time.perf_counter()
    embedder = Embedder()
    vocabulary = Vocabulary.from_rows(skill_vocabulary(bundled_release_path()))
    cvs, postings = dotin(held_out=False), skillspan("train")
    segments = _segments(cvs + postings, embedder, vocabulary)
    head = build_head(CONFIG)
    optimiser = torch.optim.AdamW(head.parameters(), lr=CONFIG["learning_rate"])
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(CONFIG["seed"])
    for epoch in range(CONFIG["epochs"]):
        head.train()
        total = 0.0
        for x, skill, entity in _batches(segments, CONFIG["batch"], rng):
            skill_logits, entity_logits = head(x)
            loss = loss_fn(skill_logits.reshape(-1, 3), skill.reshape(-1))
            if (entity != -100).any():
                loss = loss + loss_fn(
                    entity_logits.reshape(-1, entity_logits.shape[-1]), entity.reshape(-1)
                )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item()
        print(f"epoch {epoch + 1}: loss {total:.1f}")
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in head.state_dict().items()}, out / "head.safetensors")
    config = {
        **CONFIG,
        "version": "1.0.0",
        "labels": {"skill": ["skill"], "entity": list(ENTITY_LABELS)},
        "trained_on": {
            "dotin_cvs": {"examples": len(cvs), "sha256_16": _fingerprint(cvs)},
            "skillspan_train": {"examples": len(postings), "sha256_16": _fingerprint(postings)},
        },
        "held_out": [
            "dotin CVs hashing to 0 mod 5 (bench/splits/dotin_heldout.txt)",
            "skillspan dev.json",
        ],
        "seconds": round(time.perf_counter() - began),
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    print(f"wrote {out} in {config['seconds']} s")


if __name__ == "__main__":
    typer.run(main)
