"""Hybrid search over the ontology: exact and alias keys, full-text, and embedding similarity.

Scores run from 0 to 1. An exact name or alias match scores its key weight times the alias
weight (1.0 for the name as written); other candidates score 0.9 x cosine similarity, plus a
small bonus when full-text also found them. Ties go to the entry more occupations use.
"""

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph_schema import GraphStore, Row, SearchLabel
from graph_schema import queries as q
from graph_schema.keys import name_key, tokens

from .documents.titles import core_title
from .embeddings import Embedder
from .errors import NotFound
from .models import SKILL_KINDS, OccupationHit, SkillHit
from .normalize import MAX_QUERY_CHARS, query_keys

__all__ = ["MAX_RESULTS", "Search"]

MAX_RESULTS = 50
_SOC_CODE = re.compile(r"\d{2}-\d{4}\.\d{2}")
_CANDIDATES = 30
_SIMILARITY_WEIGHT = 0.9
_FULLTEXT_BONUS = 0.05


@dataclass
class _Candidate:
    row: Row
    score: float
    matched: str


class Search:
    def __init__(self, store: GraphStore, embedder: Embedder) -> None:
        self._store = store
        self._embedder = embedder

    async def skills(self, text: str, first: int = 10) -> list[SkillHit]:
        found = await self._candidates(SearchLabel.SKILL_TERM, text, first)
        hits = [
            SkillHit(
                id=c.row["id"],
                name=c.row["name"],
                kind=_kind(c.row["labels"]),
                score=round(c.score, 4),
                matched=c.matched,
            )
            for c in found.values()
        ]
        return hits[: _limit(first)]

    async def occupation_code(self, goal: str) -> str:
        """An O*NET-SOC code as given ("15-1252.00"), else the occupation a title or
        description finds first ("data analyst")."""
        text = goal.strip()
        if _SOC_CODE.fullmatch(text):
            return text
        hits = await self.occupations(text, 1)
        if not hits:
            raise NotFound(
                f"no occupation matches {text!r}",
                "give an O*NET-SOC code (15-1252.00) or a job title",
            )
        return hits[0].code

    async def occupations(self, text: str, first: int = 10) -> list[OccupationHit]:
        found = await self._candidates(SearchLabel.OCCUPATION_TERM, text, first)
        best: dict[str, OccupationHit] = {}

        def offer(code: str, title: str, score: float, matched: str) -> None:
            current = best.get(code)
            if current is None or score > current.score:
                best[code] = OccupationHit(
                    code=code, title=title, score=round(score, 4), matched=matched
                )

        titles = {c.row["id"]: c for c in found.values() if "Title" in c.row["labels"]}
        for c in found.values():
            if "Occupation" in c.row["labels"]:
                offer(c.row["id"], c.row["name"], c.score, c.matched)
        if titles:
            rows = await self._store.execute(
                q.title_occupations(self._store.dialect),
                {"titles": list(titles), "vector": await self._vector(text)},
                read_only=True,
            )
            for row in rows:
                c = titles[row["title"]]
                # A title shared by several occupations goes first to the most similar one.
                fit = 0.9 + 0.1 * max(0.0, float(row["similarity"] or 0.0))
                offer(row["code"], row["name"], c.score * fit, f"title {c.row['name']!r}")
        ranked = sorted(best.values(), key=lambda h: (-h.score, h.title))
        return ranked[: _limit(first)]

    async def title_occupation(self, title: str) -> OccupationHit | None:
        """The occupation a job title as written is best taken for: found by the title, or by
        the title without its seniority and qualifiers ("Senior Data Analyst (Remote)" ->
        "Data Analyst", at 0.95 of its score), whichever scores higher. Among occupations that
        share a title, the closest in meaning."""
        hits = await self.occupations(title, 1)
        best = hits[0] if hits else None
        core = core_title(title)
        if core and name_key(core) != name_key(title):
            plain = await self.occupations(core, 1)
            if plain:
                hit = plain[0].model_copy(update={"score": round(plain[0].score * 0.95, 4)})
                if best is None or hit.score > best.score:
                    best = hit
        return best

    async def nearest_skills(self, texts: Sequence[str]) -> list[SkillHit | None]:
        """For many texts at once (one model pass, one query): each one's closest skill term
        by meaning, scored like `skills` (similarity, plus the small bonus for shared words)."""
        clipped = [_clip(t) for t in texts]
        if not clipped:
            return []
        vectors = await asyncio.to_thread(self._embedder.embed, clipped)
        rows = await self._read(
            q.vector_terms_each(self._store.dialect, SearchLabel.SKILL_TERM),
            {"items": [{"i": i, "vector": v} for i, v in enumerate(vectors)], "k": 3},
        )
        best: list[SkillHit | None] = [None] * len(clipped)
        for row in rows:
            i = int(row["i"])
            shared = set(tokens(clipped[i])) & set(tokens(str(row["name"])))
            score = _SIMILARITY_WEIGHT * float(row["similarity"]) + (
                _FULLTEXT_BONUS if shared else 0.0
            )
            current = best[i]
            if current is None or score > current.score:
                best[i] = SkillHit(
                    id=row["id"], name=row["name"], kind=_kind(row["labels"]),
                    score=round(min(score, 1.0), 4), matched="similar meaning",
                )  # fmt: skip
        return best

    async def _vector(self, text: str) -> list[float]:
        return await asyncio.to_thread(self._embedder.embed_query, _clip(text))

    async def _candidates(self, label: str, text: str, first: int) -> dict[str, _Candidate]:
        text = _clip(text)
        keys = query_keys(text)
        if not keys:
            return {}
        k = max(_CANDIDATES, _limit(first) * 2)
        dialect = self._store.dialect
        fulltext = dialect.fulltext_param(text)
        vector = await self._vector(text)
        exact, similar, words = await asyncio.gather(
            self._read(q.exact_terms(label), {"keys": keys}),
            self._read(q.vector_terms(dialect, label), {"vector": vector, "k": k}),
            self._read(q.fulltext_terms(dialect, label), {"fulltext": fulltext, "k": k})
            if fulltext
            else _nothing(),
        )
        in_fulltext = {row["id"] for row in words}
        found: dict[str, _Candidate] = {}

        def offer(row: Row, score: float, matched: str) -> None:
            current = found.get(row["id"])
            if current is None or score > current.score:
                found[row["id"]] = _Candidate(row, min(score, 1.0), matched)

        for row in exact:
            offer(row, float(row["weight"]), str(row["reason"]))
        for row in similar:
            bonus = _FULLTEXT_BONUS if row["id"] in in_fulltext else 0.0
            offer(row, _SIMILARITY_WEIGHT * float(row["similarity"]) + bonus, "similar meaning")
        for row in words:
            if row["id"] not in found:
                offer(row, _FULLTEXT_BONUS, "words in the name")
        ordered = sorted(
            found.items(),
            key=lambda item: (-item[1].score, -int(item[1].row["popularity"]), item[1].row["name"]),
        )
        return dict(ordered)

    async def _read(self, query: str, params: dict[str, Any]) -> list[Row]:
        return await self._store.execute(query, params, read_only=True)


async def _nothing() -> list[Row]:
    return []


def _clip(text: str) -> str:
    return " ".join(text.split())[:MAX_QUERY_CHARS]


def _limit(first: int) -> int:
    return max(1, min(first, MAX_RESULTS))


def _kind(labels: Sequence[str]) -> str:
    return next((SKILL_KINDS[label] for label in labels if label in SKILL_KINDS), "skill")
