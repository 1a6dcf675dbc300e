"""Matching people and jobs through the graph: the skill-match ladder, category scores with
applied weights, explanation paths down to the evidence, gaps and percentiles."""

from .matcher import MAX_FIRST, Matcher, MatchPage
from .model import Category, CategoryName, EvidenceSign, Gap, Match, MatchWay, SkillMatch
from .weights import Seniority, Weights

__all__ = [
    "MAX_FIRST",
    "Category",
    "CategoryName",
    "EvidenceSign",
    "Gap",
    "Match",
    "MatchPage",
    "MatchWay",
    "Matcher",
    "Seniority",
    "SkillMatch",
    "Weights",
]
