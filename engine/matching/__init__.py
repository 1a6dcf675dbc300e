"""Matching people and jobs through the graph: the skill-match ladder, category scores with
applied weights, explanation paths down to the evidence, gaps and percentiles."""

from .ladder import IMPORTANT
from .matcher import MAX_FIRST, Matcher, MatchPage
from .model import Category, CategoryName, EvidenceSign, Gap, Match, MatchWay, SkillMatch
from .profile import JobSpec, PersonFact, Profile, Requirement
from .scoring import MET, score
from .weights import Seniority, Weights

__all__ = [
    "IMPORTANT",
    "MAX_FIRST",
    "MET",
    "Category",
    "CategoryName",
    "EvidenceSign",
    "Gap",
    "JobSpec",
    "Match",
    "MatchPage",
    "MatchWay",
    "Matcher",
    "PersonFact",
    "Profile",
    "Requirement",
    "Seniority",
    "SkillMatch",
    "Weights",
    "score",
]
