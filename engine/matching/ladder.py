"""The skill-match ladder: for one requirement, the person's strongest way of meeting it."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph_schema.keys import name_key

from ..facts.model import EvidenceKind
from .model import MatchWay
from .profile import PersonFact, Profile

__all__ = [
    "CONFIDENT",
    "CREDIT",
    "SIMILAR_THRESHOLD",
    "Ontology",
    "Rung",
    "Term",
    "best_rung",
    "rounded",
    "similar_credit",
    "strength",
    "strength_inputs",
    "strengths",
    "unit",
]

SIMILAR_THRESHOLD = 0.46
"""Cosine similarity of two O*NET terms' embeddings from which one stands in for the other
with partial credit. Calibrated by `python -m training.similarity_threshold`: the lowest value
at which 98 in 100 of the pairs above it are different technologies of one UNSPSC commodity,
over 4,000 such pairs and 4,000 pairs from different commodities."""
IMPORTANT = 3.5
"""O*NET importance (1-5) from which an occupation's element counts as a skill its holders use."""
CREDIT = {
    MatchWay.SAME_NODE: 1.0,
    MatchWay.ALIAS: 1.0,
    MatchWay.SAME_CATEGORY: 0.6,
    MatchWay.OCCUPATION_ELEMENT: 0.5,
}
_SIMILAR_CREDIT = (0.3, 0.55)
"""Partial credit for similarity, from the threshold up to a similarity of 1."""


def rounded(value: float, digits: int) -> float:
    """`value` rounded the way numpy rounds arrays: a ranking's arrays and a match's
    explanation then agree to the last digit."""
    import numpy as np

    return float(np.round(value, digits))


def similar_credit(similarity: Any) -> Any:
    """Credit for a similarity at or above the threshold (a float or an array)."""
    low, high = _SIMILAR_CREDIT
    return low + (high - low) * (similarity - SIMILAR_THRESHOLD) / (1 - SIMILAR_THRESHOLD)


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
            self._unit[term] = unit(self.terms.get(term))
        return self._unit[term]


def unit(term: Term | None) -> Any:
    """A term's embedding scaled to length 1 (float32), or None. A ranking's arrays use it
    too, so a ranked score and its explanation agree."""
    import numpy as np

    if term is None or term.vector is None:
        return None
    array = np.asarray(term.vector, dtype=np.float32)
    norm = float(np.linalg.norm(array))
    return array / norm if norm else None


@dataclass
class Rung:
    way: MatchWay | None
    credit: float
    strength: float
    fact: PersonFact | None = None
    via: str | None = None
    similarity: float | None = None
    via_id: str | None = None


_RECENT_YEARS = 2
"""Years since a skill was last used within which it counts fully..."""
_FADE_PER_YEAR = 0.0375
_OLDEST = 0.7
"""...then it fades by this much a year, down to this."""
_UNDATED = 0.9
_FULL_MONTHS = 24
"""A skill used this many months or more counts fully; one used for an unknown time, 0.9."""


def strength_inputs(fact: PersonFact) -> tuple[float, int, int, float]:
    """What `strength` reads from a fact: evidence factor, the year it was last used (0: still
    in use or unknown), months of use (-1: unknown) and the extractor's confidence."""
    year = 0
    if fact.valid_to and re.match(r"\d{4}", fact.valid_to):
        year = int(fact.valid_to[:4])
    months = -1 if fact.months is None else int(fact.months)
    return _KIND_FACTOR.get(fact.best_kind, 0.6), year, months, fact.confidence


def strength(fact: PersonFact, today: date) -> float:
    """How strongly a fact shows a skill: its best evidence kind, how recent it is, how many
    months it was used, and whether the extractor was sure of it."""
    kind, year, months, confidence = strength_inputs(fact)
    recency = 1.0
    if year:
        years_ago = max(0, today.year - year)
        recency = (
            1.0
            if years_ago <= _RECENT_YEARS
            else max(_OLDEST, 1.0 - _FADE_PER_YEAR * (years_ago - _RECENT_YEARS))
        )
    duration = _UNDATED if months < 0 else _UNDATED + 0.1 * min(1.0, months / _FULL_MONTHS)
    sure = 1.0 if confidence >= CONFIDENT else _UNSURE
    return rounded(kind * recency * duration * sure, 4)


def strengths(kind: Any, year: Any, months: Any, confidence: Any, today: date) -> Any:
    """`strength` over arrays of `strength_inputs` (a ranking's many facts at once)."""
    import numpy as np

    years_ago = np.maximum(0, today.year - year)
    fading = np.maximum(_OLDEST, 1.0 - _FADE_PER_YEAR * (years_ago - _RECENT_YEARS))
    recency = np.where((year == 0) | (years_ago <= _RECENT_YEARS), 1.0, fading)
    duration = np.where(
        months < 0, _UNDATED, _UNDATED + 0.1 * np.minimum(1.0, months / _FULL_MONTHS)
    )
    sure = np.where(confidence >= CONFIDENT, 1.0, _UNSURE)
    return np.round(kind * recency * duration * sure, 4)


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
            CREDIT[MatchWay.OCCUPATION_ELEMENT],
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
        return Rung(way, CREDIT[way], 0.0, fact)
    have = ontology.terms.get(fact.onet_id or "")
    shared = sorted(set(wanted.categories) & set(have.categories)) if wanted and have else []
    if wanted is not None and shared:
        return Rung(
            MatchWay.SAME_CATEGORY,
            CREDIT[MatchWay.SAME_CATEGORY],
            0.0,
            fact,
            via=wanted.categories[shared[0]],
            via_id=shared[0],
        )
    similarity = ontology.similarity(onet_id, fact.onet_id or "")
    if similarity >= SIMILAR_THRESHOLD:
        credit = similar_credit(similarity)
        return Rung(
            MatchWay.SIMILAR,
            rounded(credit, 4),
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
