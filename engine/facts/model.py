"""The one shape of a fact and of its evidence. The GraphQL types, the CLI's JSON, the export
and the Cypher property lists are all derived from these models: adding a field to a fact is
one edit here (plus its migration in `graph_schema.migrations`)."""

from enum import StrEnum

from pydantic import BaseModel, Field

__all__ = [
    "DocumentEvidence",
    "DocumentStatus",
    "EditEvidence",
    "EvidenceBase",
    "EvidenceKind",
    "EvidenceSource",
    "FactBase",
    "FactEdit",
    "FactEvidence",
    "FactKind",
    "FactStatus",
    "RelatedFact",
    "RelationKind",
    "Span",
    "StoredFact",
    "TurnEvidence",
    "Visibility",
    "edge_fields",
    "node_fields",
]


class DocumentStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    PROCESSED = "processed"
    REJECTED = "rejected"
    FAILED = "failed"
    NEEDS_TYPE = "needs_type"
    """Unsure what kind of document it is: kept until setDocumentType says."""
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    """In a language the extractors do not read: kept, not mined."""

    @classmethod
    def holding(cls) -> list[str]:
        """Statuses of a document that is (or will be) stored and counts against the quota."""
        return [cls.QUEUED.value, cls.PROCESSING.value, cls.PROCESSED.value,
                cls.NEEDS_TYPE.value, cls.UNSUPPORTED_LANGUAGE.value]  # fmt: skip

    @classmethod
    def settled(cls) -> set["DocumentStatus"]:
        """Where processing stops until somebody acts."""
        return {cls.PROCESSED, cls.REJECTED, cls.FAILED, cls.NEEDS_TYPE,
                cls.UNSUPPORTED_LANGUAGE}  # fmt: skip


class FactKind(StrEnum):
    SKILL = "skill"
    ROLE = "role"
    EMPLOYER = "employer"
    DEGREE = "degree"
    INSTITUTION = "institution"
    CERTIFICATION = "certification"
    PROJECT = "project"
    ACHIEVEMENT = "achievement"


class FactStatus(StrEnum):
    ACTIVE = "active"
    CONFIRMED = "confirmed"
    """the person said it is right (or corrected it)"""
    DELETED = "deleted"
    """hidden from reads; kept for its audit trail, so a re-upload does not bring it back"""


class Visibility(StrEnum):
    PRIVATE = "private"
    """the person and the tenant's admins only"""
    TENANT = "tenant"
    """also the tenant's recruiters and analysts (the default)"""


class EvidenceSource(StrEnum):
    DOCUMENT = "document"
    CONVERSATION = "conversation"
    USER_EDIT = "user_edit"


class EvidenceKind(StrEnum):
    """Where in a source a fact was found. `strength` orders how much a mention shows:
    matching weighs work experience above a project, a project above a certification, and so
    on down to a claim made in conversation that nothing else confirms."""

    WORK_EXPERIENCE = "work_experience"
    PROJECT = "project"
    CERTIFICATION = "certification"
    EDUCATION = "education"
    SKILLS_LIST = "skills_list"
    SUMMARY = "summary"
    OTHER = "other"
    CONVERSATION = "conversation"
    USER_EDIT = "user_edit"
    # what a job description says of a skill (job requirements, never a person's facts)
    REQUIRED = "required"
    PREFERRED = "preferred"
    RESPONSIBILITY = "responsibility"

    @property
    def strength(self) -> int:
        return _STRENGTH.get(self, 0)


_STRENGTH = {
    EvidenceKind.WORK_EXPERIENCE: 60,
    EvidenceKind.PROJECT: 50,
    EvidenceKind.CERTIFICATION: 40,
    EvidenceKind.EDUCATION: 30,
    EvidenceKind.SKILLS_LIST: 20,
    EvidenceKind.SUMMARY: 15,
    EvidenceKind.OTHER: 15,
    EvidenceKind.CONVERSATION: 10,
}


class RelationKind(StrEnum):
    USED_IN = "USED_IN"
    """a skill used in a role or project"""
    AT = "AT"
    """a role at an employer, a degree at an institution"""


class FactBase(BaseModel):
    """What a fact says. Every field is a property of the Fact node."""

    kind: FactKind
    value: str = Field(description="as written (or said)")
    normalized: str | None = Field(
        default=None, description="the ontology entry's name, or a cleaned value"
    )
    onet_id: str | None = Field(default=None, description="the O*NET term it is linked to")
    confidence: float = Field(ge=0.0, le=1.0)
    valid_from: str | None = Field(default=None, description="ISO year or year-month")
    valid_to: str | None = Field(default=None, description="null while still true")
    months: int | None = Field(default=None, description="months of experience it stands for")
    employer: str | None = None
    field: str | None = Field(default=None, description="a degree's field of study")
    institution: str | None = None
    metric: str | None = Field(default=None, description="an achievement's number")
    technologies: list[str] = Field(default_factory=list)


class Span(BaseModel):
    """A quoted stretch of a document page."""

    page: int
    start: int = Field(description="character offset in the page's extracted text")
    end: int
    text: str
    section: str | None = None


class EvidenceBase(BaseModel):
    """What one source says about a fact: a property set on its EVIDENCED_BY edge, so a fact
    can be recomputed from the sources that remain when one is deleted."""

    kind: EvidenceKind
    extractor: str
    extractor_version: str
    confidence: float | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    months: int | None = None


class DocumentEvidence(EvidenceBase, Span):
    """A span of an uploaded document (the edge leads to the Document)."""


class TurnEvidence(EvidenceBase):
    """An answer in a conversation (the edge leads to the ConversationSession)."""

    turn: int
    text: str


class EditEvidence(EvidenceBase):
    """The person's own correction (the edge leads to the FactEdit)."""


class FactEvidence(BaseModel):
    """Evidence as read back, whatever its source."""

    source: EvidenceSource
    document: str | None = None
    session: str | None = None
    turn: int | None = None
    page: int | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    section: str | None = None
    kind: str | None = None
    extractor: str
    extractor_version: str
    confidence: float | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    recorded_at: str | None = None


class FactEdit(BaseModel):
    edit: str
    action: str
    actor: str
    at: str


class RelatedFact(BaseModel):
    rel: RelationKind
    id: str
    kind: FactKind
    value: str


class StoredFact(FactBase):
    """A fact as the graph holds it, with every piece of evidence for it."""

    id: str
    recorded_at: str
    status: FactStatus = FactStatus.ACTIVE
    visibility: Visibility = Visibility.TENANT
    conflict: bool = Field(
        default=False, description="sources disagree on when it was true; each keeps its dates"
    )
    evidence: list[FactEvidence] = Field(default_factory=list)
    edits: list[FactEdit] = Field(default_factory=list)
    related: list[RelatedFact] = Field(default_factory=list)


def node_fields() -> tuple[str, ...]:
    return tuple(FactBase.model_fields)


def edge_fields(model: type[EvidenceBase]) -> tuple[str, ...]:
    return tuple(model.model_fields)
