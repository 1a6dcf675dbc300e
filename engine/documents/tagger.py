"""The learned span extractor: skills, job titles, employers, degrees and institutions.

A small BiLSTM head reads the contextual wordpiece vectors of the embedding model already
loaded for search (so no second transformer is loaded), plus a few surface features the
uncased model cannot see (capitals, digits, line starts) and whether the ontology dictionary
matched the wordpiece. The head (about 1 MB) ships in `models/span_tagger/`; it is trained by
`training/span_tagger.py` on the dotin CVs and SkillSpan postings.
"""

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..embeddings import Embedder
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    import numpy as np

__all__ = ["ENTITY_LABELS", "MODEL_DIR", "SpanTagger", "TaggedSpan", "features"]

MODEL_DIR = Path(__file__).parent / "models" / "span_tagger"
ENTITY_LABELS = ("role", "employer", "degree", "institution")
SURFACE_FEATURES = 8


@dataclass(frozen=True)
class TaggedSpan:
    label: str
    start: int
    end: int
    confidence: float


def features(
    text: str, embedder: Embedder, vocabulary: Vocabulary
) -> tuple["np.ndarray", "np.ndarray"]:
    """(offsets (n, 2), features (n, 384 + SURFACE_FEATURES)) per wordpiece of the text."""
    import numpy as np

    offsets, states = embedder.token_states(text)
    surface = np.zeros((len(offsets), SURFACE_FEATURES), dtype=np.float32)
    in_dictionary = np.zeros(len(text) + 1, dtype=np.int8)
    for mention in vocabulary.find(text, lenient_case=True):
        in_dictionary[mention.start] = 2
        in_dictionary[mention.start + 1 : mention.end] = 1
    for i, (start, end) in enumerate(offsets):
        piece = text[start:end]
        word_start = start == 0 or not text[start - 1].isalnum()
        word_end = end
        while word_end < len(text) and text[word_end].isalnum():
            word_end += 1
        word = text[start:word_end] if word_start else piece
        line_start = text.rfind("\n", 0, start)
        surface[i] = (
            word_start,
            word[:1].isupper(),
            word.isupper() and len(word) > 1,
            any(c.isdigit() for c in piece),
            not any(c.isalnum() for c in piece),
            not text[line_start + 1 : start].strip(),
            in_dictionary[start] == 2,
            in_dictionary[start] == 1,
        )
    return offsets, np.concatenate([states, surface], axis=1)


def build_head(config: dict[str, Any]) -> Any:
    import torch
    from torch import nn

    class Head(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            width = config["input"]
            hidden = config["hidden"]
            self.project = nn.Sequential(nn.Dropout(config["dropout"]), nn.Linear(width, hidden))
            self.lstm = nn.LSTM(hidden, hidden // 2, batch_first=True, bidirectional=True)
            self.skill = nn.Linear(hidden, 3)
            self.entity = nn.Linear(hidden, 1 + 2 * len(ENTITY_LABELS))

        def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
            h, _ = self.lstm(torch.relu(self.project(x)))
            return self.skill(h), self.entity(h)

    return Head()


def decode(
    tags: list[int], probs: list[float], labels: tuple[str, ...]
) -> list[tuple[str, int, int, float]]:
    """BIO tag ids (0 = O, 2k+1 = B-label k, 2k+2 = I-label k) -> (label, first, last+1, mean p)."""
    spans: list[tuple[str, int, int, float]] = []
    current: list[Any] | None = None
    for i, tag in enumerate([*tags, 0]):
        label = (tag - 1) // 2 if tag else -1
        inside = tag and tag % 2 == 0 and current is not None and current[0] == label
        if current is not None and not inside:
            spans.append((labels[current[0]], current[1], i, sum(current[2]) / len(current[2])))
            current = None
        if tag and not inside:
            current = [label, i, []]
        if current is not None:
            current[2].append(probs[i])
    return spans


class SpanTagger:
    def __init__(self, embedder: Embedder, vocabulary: Vocabulary, path: Path = MODEL_DIR) -> None:
        self.embedder = embedder
        self.vocabulary = vocabulary
        self.config = json.loads((path / "config.json").read_text())
        self.version = str(self.config["version"])
        self._path = path
        self._head: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._head is None:
                from safetensors.torch import load_file

                head = build_head(self.config)
                head.load_state_dict(load_file(self._path / "head.safetensors"))
                head.eval()
                self._head = head
        return self._head

    def tag(self, text: str) -> list[TaggedSpan]:
        import torch

        if not text.strip():
            return []
        head = self._load()
        offsets, x = features(text, self.embedder, self.vocabulary)
        if not len(offsets):
            return []
        with torch.inference_mode():
            skill, entity = head(torch.from_numpy(x)[None])
        found: list[TaggedSpan] = []
        for logits, labels in ((skill[0], ("skill",)), (entity[0], ENTITY_LABELS)):
            p = torch.softmax(logits, dim=-1)
            best = p.argmax(dim=-1)
            for label, first, last, confidence in decode(
                best.tolist(), p.max(dim=-1).values.tolist(), labels
            ):
                start, end = _whole_words(text, int(offsets[first][0]), int(offsets[last - 1][1]))
                found.append(TaggedSpan(label, start, end, round(confidence, 3)))
        return found


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end
