"""The O*NET side of matching, read once per process: skill terms (name, labels, UNSPSC
commodities, embedding) and what each occupation rates as important. The ontology changes only
when a release is loaded, which starts the service again."""

from collections.abc import Iterable
from typing import Any

from graph_schema import GraphStore
from graph_schema import queries as q
from graph_schema.model import EMBEDDING_DIMENSION

from ..ratings import important_elements
from .ladder import IMPORTANT, Ontology, Term, unit

__all__ = ["TermCache"]

_BATCH = 500


class TermCache:
    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self.terms: dict[str, Term] = {}
        self.important: dict[str, dict[str, float]] = {}
        """occupation code -> element id -> importance (>= IMPORTANT), borrowed when O*NET
        rates nothing for the occupation"""
        self.borrowed: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self._seen_codes: set[str] = set()

    async def load_terms(self, ids: Iterable[str]) -> None:
        missing = sorted({i for i in ids if i not in self.terms})  # a ranking's hot path
        for chunk in _chunks(missing):
            for row in await self._read(q.SKILL_TERMS_FOR_MATCH, ids=chunk):
                term = self.terms.get(row["id"])
                if term is None:
                    labels = list(row["labels"] or [])
                    term = Term(row["id"], row["name"], labels, vector=_vector(row["embedding"]))
                    self.terms[row["id"]] = term
                if row["category"]:
                    term.categories[row["category"]] = row["category_title"] or ""

    async def load_occupations(self, codes: Iterable[str]) -> None:
        missing = sorted(set(codes) - self._seen_codes)
        for chunk in _chunks(missing):
            rated, borrowed = await important_elements(self._store, chunk, IMPORTANT)
            for code, elements in rated.items():
                self.important[code] = {e: i for e, (_, i) in elements.items()}
            self.borrowed |= borrowed
            titles = sorted(set(chunk) | set(borrowed.values()))
            for row in await self._read(q.OCCUPATION_SUMMARY, codes=titles):
                self.titles[row["code"]] = row["title"]
            self._seen_codes |= set(chunk)

    def space(self, ids: list[str]) -> tuple[Any, dict[str, list[int]]]:
        """The unit embeddings of these terms, in order (zeros for a term without one), and
        commodity -> positions of the terms in it: what a ranking compares requirements with."""
        import numpy as np

        units = np.zeros((len(ids), EMBEDDING_DIMENSION), dtype=np.float32)
        by_category: dict[str, list[int]] = {}
        for at, term_id in enumerate(ids):
            term = self.terms.get(term_id)
            vector = unit(term)
            if vector is not None and vector.shape == (EMBEDDING_DIMENSION,):
                units[at] = vector
            for category in term.categories if term else ():
                by_category.setdefault(category, []).append(at)
        return units, by_category

    async def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)

    async def ontology(self, ids: Iterable[str], codes: Iterable[str]) -> Ontology:
        """The part of the ontology one set of matches needs."""
        ids, codes = set(ids), set(codes)
        await self.load_terms(ids)
        await self.load_occupations(codes)
        ontology = Ontology()
        ontology.terms = {i: self.terms[i] for i in ids if i in self.terms}
        for code in codes:
            if code in self.important:
                ontology.important[code] = self.important[code]
            if code in self.borrowed:
                ontology.borrowed[code] = self.borrowed[code]
            for shown in (code, self.borrowed.get(code)):
                if shown and shown in self.titles:
                    ontology.occupation_titles[shown] = self.titles[shown]
        return ontology


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _BATCH] for i in range(0, len(items), _BATCH)]


def _vector(value: Any) -> Any:
    """A term's embedding as float32 (a cached term costs 1.5 KB, not 9)."""
    import numpy as np

    if value is None:
        return None
    if isinstance(value, str):
        value = [float(x) for x in value.strip("<>[]").split(",") if x.strip()]
    return np.asarray(value, dtype=np.float32)
