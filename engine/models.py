"""The shapes the engine returns. The GraphQL types are derived from these."""

from pydantic import BaseModel, Field

__all__ = [
    "SKILL_KINDS",
    "JobZoneInfo",
    "LabelCount",
    "OccupationDetail",
    "OccupationHit",
    "OntologyInfo",
    "Page",
    "RatedElement",
    "RelatedOccupation",
    "SkillHit",
    "TechnologyUse",
    "TitleInfo",
]


# The kind a skill-like ontology node is reported as, by its label.
SKILL_KINDS = {
    "Technology": "technology",
    "Tool": "tool",
    "Skill": "skill",
    "Knowledge": "knowledge",
    "WorkStyle": "work_style",
}


class SkillHit(BaseModel):
    id: str
    name: str
    kind: str = Field(description="technology, tool, skill, knowledge or work_style")
    score: float = Field(description="0-1; 1 is an exact match of the name or an alias")
    matched: str = Field(description="why it matched: name, an alias rule, or similarity")


class OccupationHit(BaseModel):
    code: str
    title: str
    score: float
    matched: str = Field(description="the occupation or job title the search text matched")


class RatedElement(BaseModel):
    id: str
    name: str
    importance: float | None = Field(None, description="O*NET importance (IM), 1-5")
    level: float | None = Field(None, description="O*NET level (LV), 0-7")


class TechnologyUse(BaseModel):
    id: str
    name: str
    hot: bool
    in_demand: bool
    category: str | None = None


class RelatedOccupation(BaseModel):
    code: str
    title: str
    tier: str
    rank: int


class TitleInfo(BaseModel):
    name: str
    alternate: bool
    reported: bool
    short: bool


class JobZoneInfo(BaseModel):
    zone: int
    name: str | None = None
    experience: str | None = None
    education: str | None = None
    training: str | None = None
    examples: str | None = None


class OccupationDetail(BaseModel):
    code: str
    title: str
    description: str | None = None


class LabelCount(BaseModel):
    label: str
    count: int


class OntologyInfo(BaseModel):
    version: str | None
    status: str
    checksum: str | None = None
    loaded_at: str | None = None
    counts: list[LabelCount]


class Page[T](BaseModel):
    items: list[T]
    total: int
    offset: int
