"""Category weights: the defaults, the shift for a job's seniority, and re-weighting when a
category has no data."""

import re
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from ..errors import InvalidInput
from .model import CategoryName

__all__ = ["Seniority", "Weights", "applied_weights", "level_of"]

_SHIFT = 10.0
"""Points an entry-level job moves from experience to education (projects count as
experience), and a senior job from the skills and education to experience."""


class Seniority(StrEnum):
    ENTRY = "entry"
    MID = "mid"
    SENIOR = "senior"


_SENIOR = re.compile(r"(?i)\b(senior|sr\.?|lead|principal|staff|head|director|architect|chief)\b")
_ENTRY = re.compile(
    r"(?i)\b(junior|jr\.?|entry[- ]level|graduate|intern(ship)?|trainee|apprentice|new grad)\b"
)


def level_of(
    title: str | None, experience_min: int | None, experience_max: int | None
) -> Seniority:
    """A job's level from its title's words, else from the years it asks for."""
    if _SENIOR.search(title or "") or (experience_min or 0) >= 5:
        return Seniority.SENIOR
    if _ENTRY.search(title or "") or (experience_max is not None and experience_max <= 1):
        return Seniority.ENTRY
    return Seniority.MID


class Weights(BaseModel):
    """Points per category, summing to 100 (default 50/20/20/10)."""

    required_skills: float = Field(50.0, ge=0, le=100)
    preferred_skills: float = Field(20.0, ge=0, le=100)
    experience: float = Field(20.0, ge=0, le=100)
    education: float = Field(10.0, ge=0, le=100)

    @model_validator(mode="after")
    def _sums_to_100(self) -> "Weights":
        total = sum(self.as_dict().values())
        if abs(total - 100) > 1e-6:
            raise ValueError(
                f"weights must sum to 100, these sum to {total:g}: "
                "e.g. requiredSkills 50, preferredSkills 20, experience 20, education 10"
            )
        return self

    def as_dict(self) -> dict[CategoryName, float]:
        return {CategoryName(k): float(v) for k, v in self.model_dump().items()}

    @classmethod
    def checked(cls, **values: float) -> "Weights":
        """Weights from a caller, with a clear error when they do not add up."""
        try:
            return cls(**values)
        except ValueError as e:
            raise InvalidInput(
                str(e).splitlines()[-1].removeprefix("  Value error, "),
                "send four weights that sum to 100, or leave weights out for the defaults",
            ) from None


def _shifted(weights: dict[CategoryName, float], seniority: Seniority) -> dict[CategoryName, float]:
    shifted = dict(weights)
    if seniority is Seniority.ENTRY:
        moved = min(_SHIFT, shifted[CategoryName.EXPERIENCE])
        shifted[CategoryName.EXPERIENCE] -= moved
        shifted[CategoryName.EDUCATION] += moved
    elif seniority is Seniority.SENIOR:
        for name in (CategoryName.PREFERRED_SKILLS, CategoryName.EDUCATION):
            moved = min(_SHIFT / 2, shifted[name])
            shifted[name] -= moved
            shifted[CategoryName.EXPERIENCE] += moved
    return shifted


def applied_weights(
    weights: Weights, seniority: Seniority, has_data: dict[CategoryName, bool]
) -> dict[CategoryName, float]:
    """The weights a match uses: shifted for the job's seniority, then the weight of every
    category without data shared out over the others in proportion."""
    shifted = _shifted(weights.as_dict(), seniority)
    live = {k: v for k, v in shifted.items() if has_data.get(k)}
    total = sum(live.values())
    if total <= 0:
        return {k: 0.0 for k in shifted}
    return {k: round(100 * live[k] / total, 2) if k in live else 0.0 for k in shifted}
