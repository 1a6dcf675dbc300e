"""The shapes insights are answered in (the GraphQL types derive from these)."""

from pydantic import BaseModel, Field

__all__ = [
    "CareerPath",
    "HiddenStrength",
    "Implication",
    "Insights",
    "PathStep",
    "Recommendation",
    "Transfer",
]


class Implication(BaseModel):
    """A fact of the person's that implies a strength, with the words it was read from."""

    fact_id: str
    value: str
    text: str | None = None
    document_id: str | None = None


class HiddenStrength(BaseModel):
    onet_id: str
    name: str
    score: float = Field(description="0-1: how strongly the person's facts imply it")
    reason: str
    implied_by: list[Implication]


class PathStep(BaseModel):
    code: str
    title: str
    job_zone: int | None
    move: str = Field(description="advancement (a higher job zone), lateral or step_down")
    overlap: float = Field(description="0-1: how much of what it needs the person has")
    skills_to_gain: list[str]


class CareerPath(BaseModel):
    target: PathStep
    steps: list[PathStep] = Field(description="from the person's occupation to the target")
    score: float


class Transfer(BaseModel):
    """How far the person's profile carries toward a target occupation."""

    code: str
    title: str
    similarity: float = Field(description="0-1, importance-weighted share of what it needs")
    covered: list[str]
    gaps: list[str] = Field(description="important elements missing, most important first")
    ready: bool = Field(description="no element rated 4 or more (of 5) is missing")


class Recommendation(BaseModel):
    onet_id: str
    name: str
    jobs_improved: int
    average_gain: float = Field(description="points added to those jobs' match scores")


class Insights(BaseModel):
    person_id: str
    occupations: list[str] = Field(description="the O*NET occupations of the person's roles")
    hidden_strengths: list[HiddenStrength]
    career_paths: list[CareerPath]
    transfer: Transfer | None = None
    recommendations: list[Recommendation]
    note: str | None = None
