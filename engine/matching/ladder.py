"""The skill-match ladder: for one requirement, the person's strongest way of meeting it."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph_schema.keys import name_key

from ..facts.model import EvidenceKind
from .model import MatchWay
from .profile import PersonFact, Profile

__all__ = ["SIMILAR_THRESHOLD", "Ontology", "Rung", "Term", "best_rung", "strength"]

SIMILAR_THRESHOLD = 0.46
"""Cosine similarity of two O*NET terms' embeddings from which one stands in for the other
with partial credit. Calibrated by `python -m training.similarity_threshold`: the lowest value
at which 98 in 100 of the pairs above it are different technologies of one UNSPSC commodity,
over 4,000 such pairs and 4,000 pairs from different commodities."""
IMPORTANT = 3.5
"""O*NET importance (1-5) from which an occupation's element counts as a skill its holders use."""
_CREDIT = {
    MatchWay.SAME_NODE: 1.0,
    MatchWay.ALIAS: 1.0,
    MatchWay.SAME_CATEGORY: 0.6,
    MatchWay.OCCUPATION_ELEMENT: 0.5,
}
_SIMILAR_CREDIT = (0.3, 0.55)
"""Partial credit for similarity, from the threshold up to a similarity of 1."""
_KIND_FACTOR = {
    EvidenceKind.WORK_EXPERIENCE: 1.0,
    EvidenceKind.PROJECT: 0.9,
    EvidenceKind.CERTIFICATION: 0.85,
    EvidenceKind.EDUCATION: 0.75,
    EvidenceKind.USER_EDIT: 0.7,
    EvidenceKind.SKILLS_LIST: 0.65,
    EvidenceKind.SUMMARY: 0.6,
    EvidenceKind.OTHER: 0.6,
    EvidenceKind.CONVERSATION: 0.5,
}
CONFIDENT = 0.5
"""Fact confidence from which a fact counts fully. A step, not a slope: the tagger's confidence
moves a little with the words around a mention (a name, a pronoun), and a score must not."""
_UNSURE = 0.5
"""What a fact under that confidence counts for."""


@dataclass
class Term:
    id: str
    name: str
    labels: list[str]
    categories: dict[str, str] = field(default_factory=dict)
    """UNSPSC commodity id -> title (a technology can be in several)"""
    vector: Any = None
    """float32 array, or None"""


@dataclass
class Ontology:
    """The ontology around one set of matches: the terms involved and what the people's
    occupations rate as important."""

    terms: dict[str, Term] = field(default_factory=dict)
    important: dict[str, dict[str, float]] = field(default_factory=dict)
    """occupation code -> element id -> importance"""
    occupation_titles: dict[str, str] = field(default_factory=dict)
    borrowed: dict[str, str] = field(default_factory=dict)
    """occupation code -> the related occupation whose ratings it uses (O*NET rates none)"""

    _similar: dict[tuple[str, str], float] = field(default_factory=dict)
    _unit: dict[str, Any] = field(default_factory=dict)

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two terms' embeddings, computed once per pair: a ranking
        compares the same requirements with the same skills for many people."""
        key = (a, b) if a <= b else (b, a)
        found = self._similar.get(key)
        if found is None:
            ua, ub = self._vector(a), self._vector(b)
            found = 0.0 if ua is None or ub is None else float(ua @ ub)
            self._similar[key] = found
        return found

    def _vector(self, term: str) -> Any:
        if term not in self._unit:
            import numpy as np

            found = self.terms.get(term)
            vector = None
            if found is not None and found.vector is not None:
                array = np.asarray(found.vector, dtype=np.float32)
                norm = float(np.linalg.norm(array))
                vector = array / norm if norm else None
            self._unit[term] = vector
        return self._unit[term]


@dataclass
class Rung:
    way: MatchWay | None
    credit: float
    strength: float
    fact: PersonFact | None = None
    via: str | None = None
    similarity: float | None = None
    via_id: str | None = None


def strength(fact: PersonFact, today: date) -> float:
    """How strongly a fact shows a skill: its best evidence kind, how recent it is, how many
    months it was used, and whether the extractor was sure of it."""
    kind = _KIND_FACTOR.get(fact.best_kind, 0.6)
    recency = 1.0
    if fact.valid_to:
        year = int(fact.valid_to[:4]) if re.match(r"\d{4}", fact.valid_to) else today.year
        years_ago = max(0, today.year - year)
        recency = 1.0 if years_ago <= 2 else max(0.7, 1.0 - 0.0375 * (years_ago - 2))
    duration = 0.9 if fact.months is None else 0.9 + 0.1 * min(1.0, fact.months / 24)
    sure = 1.0 if fact.confidence >= CONFIDENT else _UNSURE
    return round(kind * recency * duration * sure, 4)


def best_rung(onet_id: str, profile: Profile, ontology: Ontology, today: date) -> Rung:
    """The strongest rung any of the person's linked facts reaches for this requirement."""
    best = Rung(None, 0.0, 0.0)
    wanted = ontology.terms.get(onet_id)
    for fact in profile.of_kind("skill", "certification"):
        if fact.onet_id is None:
            continue  # matching never links what extraction left unlinked
        rung = _rung(onet_id, wanted, fact, ontology)
        if rung is None:
            continue
        rung.strength = strength(fact, today)
        if _better(rung, best):
            best = rung
    for role in profile.of_kind("role"):
        importance = ontology.important.get(role.onet_id or "", {}).get(onet_id)
        if importance is None:
            continue
        rung = Rung(
            MatchWay.OCCUPATION_ELEMENT,
            _CREDIT[MatchWay.OCCUPATION_ELEMENT],
            strength(role, today),
            role,
            via=ontology.occupation_titles.get(role.onet_id or ""),
        )
        if _better(rung, best):
            best = rung
    return best


def _rung(onet_id: str, wanted: Term | None, fact: PersonFact, ontology: Ontology) -> Rung | None:
    if fact.onet_id == onet_id:
        same = wanted is None or name_key(fact.value) == name_key(wanted.name)
        way = MatchWay.SAME_NODE if same else MatchWay.ALIAS
        return Rung(way, _CREDIT[way], 0.0, fact)
    have = ontology.terms.get(fact.onet_id or "")
    shared = sorted(set(wanted.categories) & set(have.categories)) if wanted and have else []
    if wanted is not None and shared:
        return Rung(
            MatchWay.SAME_CATEGORY,
            _CREDIT[MatchWay.SAME_CATEGORY],
            0.0,
            fact,
            via=wanted.categories[shared[0]],
            via_id=shared[0],
        )
    similarity = ontology.similarity(onet_id, fact.onet_id or "")
    if similarity >= SIMILAR_THRESHOLD:
        low, high = _SIMILAR_CREDIT
        credit = low + (high - low) * (similarity - SIMILAR_THRESHOLD) / (1 - SIMILAR_THRESHOLD)
        return Rung(
            MatchWay.SIMILAR,
            round(credit, 4),
            0.0,
            fact,
            via=have.name if have else None,
            similarity=round(similarity, 4),
        )
    return None


def _better(a: Rung, b: Rung) -> bool:
    """Higher credit times strength wins; ties go to the stronger way, then the fact id."""
    key_a = (round(a.credit * a.strength, 6), a.credit, a.fact.id if a.fact else "")
    key_b = (round(b.credit * b.strength, 6), b.credit, b.fact.id if b.fact else "")
    return key_a > key_b
