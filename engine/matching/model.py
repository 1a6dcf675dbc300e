"""The shapes a match is answered in. The GraphQL types and the CLI's JSON derive from these."""

from enum import StrEnum

from pydantic import BaseModel, Field

__all__ = [
    "Category",
    "CategoryEvidence",
    "CategoryName",
    "EvidenceSign",
    "Gap",
    "Match",
    "MatchEvidence",
    "MatchWay",
    "PathStep",
    "SkillMatch",
]


class CategoryName(StrEnum):
    REQUIRED_SKILLS = "required_skills"
    PREFERRED_SKILLS = "preferred_skills"
    EXPERIENCE = "experience"
    EDUCATION = "education"


class MatchWay(StrEnum):
    """How a person's skill meets a requirement, strongest first."""

    SAME_NODE = "same_node"
    """the fact is linked to the very O*NET entry the job asks for"""
    ALIAS = "alias"
    """the same entry, written another way ("k8s" for Kubernetes)"""
    SAME_CATEGORY = "same_category"
    """another technology of the same UNSPSC commodity (PostgreSQL for MySQL)"""
    OCCUPATION_ELEMENT = "occupation_element"
    """an O*NET skill or knowledge element the person's occupations rate as important"""
    SIMILAR = "similar"
    """close in meaning (embedding similarity above the calibrated threshold): partial credit"""


class EvidenceSign(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"


class PathStep(BaseModel):
    """One node of an explanation path, with the relationship that leads to the next one."""

    label: str
    id: str
    name: str
    rel: str | None = Field(default=None, description="the relationship to the next step")


class MatchEvidence(BaseModel):
    """Where a fact that counted was found: a quoted span of a document, or a turn."""

    fact_id: str
    value: str
    kind: str | None = Field(default=None, description="evidence kind (work_experience ...)")
    document_id: str | None = None
    page: int | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    session_id: str | None = None
    turn: int | None = None


class SkillMatch(BaseModel):
    onet_id: str
    name: str
    required: bool
    requirement_text: str | None = Field(default=None, description="the job's own words")
    way: MatchWay | None = Field(default=None, description="null: not met (a gap)")
    credit: float = Field(description="0-1: how far the requirement is met")
    strength: float = Field(description="0-1: how strongly the evidence shows it")
    similarity: float | None = None
    fact_id: str | None = None
    fact_value: str | None = None
    via: str | None = Field(default=None, description="the category, occupation or term between")
    evidence: list[MatchEvidence] = Field(default_factory=list)
    path: list[PathStep] = Field(default_factory=list)
    explanation: str


class CategoryEvidence(BaseModel):
    sign: EvidenceSign
    text: str


class Category(BaseModel):
    name: CategoryName
    weight: float = Field(description="the weight applied, after re-weighting")
    had_data: bool
    score: float = Field(description="0-100, before weighting")
    evidence: list[CategoryEvidence] = Field(default_factory=list)


class Gap(BaseModel):
    onet_id: str
    name: str
    required: bool
    credit: float = Field(description="partial credit already earned (0 when nothing came close)")
    closes_it: str = Field(description="what would close the gap")


class Match(BaseModel):
    person_id: str
    job_id: str
    score: float = Field(description="0-100")
    seniority: str
    categories: list[Category]
    skills: list[SkillMatch]
    gaps: list[Gap]
    percentile: float | None = Field(
        default=None, description="share of the job's candidates in the tenant scored below"
    )
    explanation: str
