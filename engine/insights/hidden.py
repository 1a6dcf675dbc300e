"""Hidden strengths: what a person's facts strongly imply but they never claimed.

Two sources, both from O*NET rather than from lists: the skill and knowledge elements the
person's occupations rate as important (a software developer programs), and technologies that
nearly always come with one the person has (across O*NET's occupation profiles, the
occupations that use Django almost all use Python)."""

from dataclasses import dataclass, field

from ..matching.profile import PersonFact, Profile
from .model import HiddenStrength, Implication

__all__ = ["CO_OCCURRENCE", "Evidence", "hidden_strengths"]

CO_OCCURRENCE = 0.8
"""Share of the occupations using a technology that also use another, from which the one
implies the other."""
_MIN_SPREAD = 3
"""A technology used by fewer occupations implies nothing: too few to tell."""
_TOGETHER_WEIGHT = 0.75
"""Co-occurrence counts for less than an occupation's own rating: computing occupations list
long technology stacks, so "used together" is weaker evidence than "needed for the job"
(to be tuned on the hidden-strength benchmark)."""
_COMMON = 0.25
"""A technology used by more than this share of all occupations (e-mail, spreadsheets) is no
strength to point out; nor is an element rated important by more than this share of the
occupations O*NET rates (Active Listening, Critical Thinking): it says nothing about a person."""
_OCCUPATION_TECHNOLOGY = (0.55, 0.75)
"""A hot or in-demand technology of an occupation the person held, which they never named:
O*NET's own profile of the work; the more occupations use it, the likelier a holder has it
(from the lower to the upper score as its spread nears the common share)."""
_ELEMENT_WEIGHT = 0.75
"""An element the person's occupation rates important counts for its importance (of 5)
times this: people name tools and technologies far more often than O*NET's broad skills.
Both weights were set on `bench.insights` (development CVs only)."""


@dataclass
class Evidence:
    """The ontology around a person's facts, as insights read it."""

    elements: dict[str, dict[str, tuple[str, float]]] = field(default_factory=dict)
    """occupation code -> element id -> (name, importance)"""
    titles: dict[str, str] = field(default_factory=dict)
    zones: dict[str, int | None] = field(default_factory=dict)
    technologies: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)
    """occupation code -> technology id -> (name, hot or in demand)"""
    spread: dict[str, int] = field(default_factory=dict)
    """technology id -> how many occupations use it"""
    together: dict[tuple[str, str], int] = field(default_factory=dict)
    """(a, b) -> occupations using both"""
    names: dict[str, str] = field(default_factory=dict)
    occupations: int = 1016
    borrowed: dict[str, str] = field(default_factory=dict)
    """occupation code -> the related occupation whose ratings it borrowed (O*NET has none)"""
    element_spread: dict[str, int] = field(default_factory=dict)
    """element id -> how many occupations rate it important"""
    rated_occupations: int = 0
    """how many occupations O*NET rates at all"""


def hidden_strengths(profile: Profile, evidence: Evidence, limit: int = 10) -> list[HiddenStrength]:
    claimed = {f.onet_id for f in profile.facts if f.onet_id}
    found: dict[str, HiddenStrength] = {}
    generic = _COMMON * max(evidence.rated_occupations, 1)
    common = _COMMON * evidence.occupations
    low, high = _OCCUPATION_TECHNOLOGY
    for role in profile.of_kind("role"):
        for element, (name, importance) in evidence.elements.get(role.onet_id or "", {}).items():
            if element in claimed or evidence.element_spread.get(element, 0) > generic:
                continue
            score = round(_ELEMENT_WEIGHT * importance / 5, 3)
            title = evidence.titles.get(role.onet_id or "", role.value)
            donor = evidence.borrowed.get(role.onet_id or "")
            if donor:
                title += f" (O*NET rates it through {evidence.titles.get(donor, donor)})"
            _keep(
                found,
                HiddenStrength(
                    onet_id=element,
                    name=name,
                    score=score,
                    implied_by=[_implication(role)],
                    reason=f"rated {importance:.1f} of 5 in importance for {title}, your role "
                    f"as {role.value}",
                ),
            )
        for technology, (name, hot) in evidence.technologies.get(role.onet_id or "", {}).items():
            spread = evidence.spread.get(technology, 0)
            if not hot or technology in claimed or spread > common:
                continue
            title = evidence.titles.get(role.onet_id or "", role.value)
            _keep(
                found,
                HiddenStrength(
                    onet_id=technology,
                    name=name,
                    score=round(low + (high - low) * min(1.0, spread / common), 3),
                    implied_by=[_implication(role)],
                    reason=f"a hot technology of {title} in O*NET, your role as {role.value}",
                ),
            )
    by_id = {f.onet_id: f for f in profile.of_kind("skill", "certification") if f.onet_id}
    for (a, b), both in sorted(evidence.together.items()):
        spread_a, spread_b = evidence.spread.get(a, 0), evidence.spread.get(b, 0)
        if b in claimed or spread_a < _MIN_SPREAD or spread_b > _COMMON * evidence.occupations:
            continue
        share = both / spread_a
        if share < CO_OCCURRENCE or a not in by_id:
            continue
        fact = by_id[a]
        _keep(
            found,
            HiddenStrength(
                onet_id=b,
                name=evidence.names.get(b, b),
                score=round(_TOGETHER_WEIGHT * share, 3),
                implied_by=[_implication(fact)],
                reason=f"{both} of the {spread_a} occupations that use {fact.value} also use it",
            ),
        )
    return sorted(found.values(), key=lambda h: (-h.score, h.name))[:limit]


def _keep(found: dict[str, HiddenStrength], strength: HiddenStrength) -> None:
    kept = found.get(strength.onet_id)
    if kept is None or strength.score > kept.score:
        if kept is not None:
            strength.implied_by += [i for i in kept.implied_by if i not in strength.implied_by]
        found[strength.onet_id] = strength
    elif strength.implied_by[0] not in kept.implied_by:
        kept.implied_by.append(strength.implied_by[0])


def _implication(fact: PersonFact) -> Implication:
    quoted = next((e for e in fact.evidence if e.text), None)
    return Implication(
        fact_id=fact.id,
        value=fact.value,
        text=quoted.text if quoted else None,
        document_id=quoted.document_id if quoted else None,
    )
