"""Insights about a person: hidden strengths, career paths, transfer toward a goal, and the
skills worth learning for the tenant's jobs."""

from .advisor import Advisor
from .model import CareerPath, HiddenStrength, Insights, PathStep, Recommendation, Transfer

__all__ = [
    "Advisor",
    "CareerPath",
    "HiddenStrength",
    "Insights",
    "PathStep",
    "Recommendation",
    "Transfer",
]
