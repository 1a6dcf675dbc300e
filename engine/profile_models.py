"""What the person-data layer hands out: ingest results, a person's facts with their evidence,
edits and relations, jobs, documents. Read models only; `profiles` writes and reads them."""

from pydantic import BaseModel

from .documents.jobs import QuotedRequirement

__all__ = [
    "DocumentInfo",
    "FactEdit",
    "FactEvidence",
    "IngestResult",
    "JobInfo",
    "JobRequirement",
    "PersonFact",
    "RelatedFact",
]


class IngestResult(BaseModel):
    document_id: str
    status: str
    """queued, processed, or duplicate (this person already has the same content)."""
    doc_type: str | None = None
    doc_type_confidence: float | None = None
    facts: int = 0
    flags: list[str] = []
    instructions: int = 0
    job_id: str | None = None
    """Set when the document was a job description, stored as a Job."""


class FactEvidence(BaseModel):
    document: str
    page: int
    start: int
    end: int
    text: str
    valid_from: str | None = None
    valid_to: str | None = None
    section: str | None = None
    kind: str | None = None
    extractor: str
    extractor_version: str


class FactEdit(BaseModel):
    edit: str
    action: str
    actor: str
    at: str


class RelatedFact(BaseModel):
    rel: str
    """USED_IN (a skill used in a role or project) or AT (a role at an employer...)."""
    id: str
    kind: str
    value: str


class PersonFact(BaseModel):
    id: str
    kind: str
    value: str
    normalized: str | None
    onet_id: str | None
    confidence: float
    recorded_at: str
    status: str = "active"
    """active, confirmed (by the person) or deleted."""
    conflict: bool = False
    """Two sources disagree on when it was true; each evidence keeps its own dates."""
    valid_from: str | None = None
    valid_to: str | None = None
    months: int | None = None
    employer: str | None = None
    field: str | None = None
    institution: str | None = None
    metric: str | None = None
    technologies: list[str] = []
    evidence: list[FactEvidence] = []
    edits: list[FactEdit] = []
    related: list[RelatedFact] = []


class JobRequirement(QuotedRequirement):
    """A stored requirement, read back with the ontology term it names."""

    onet_id: str
    name: str


class JobInfo(BaseModel):
    id: str
    person_id: str
    document_id: str
    title: str | None
    occupation_code: str | None
    occupation: str | None
    experience_min: int | None
    experience_max: int | None
    education: str | None
    location: str | None
    work_arrangement: str | None
    other_skills: list[str]
    skills: list[JobRequirement]


class DocumentInfo(BaseModel):
    id: str
    person_id: str
    filename: str | None
    status: str
    """queued, processing, processed, rejected or failed."""
    progress: float
    doc_type: str | None
    doc_type_confidence: float | None
    sha256: str
    text_chars: int | None
    fact_count: int | None
    flags: list[str]
    error_code: str | None
    error: str | None
    error_hint: str | None
    uploaded_at: str
    job_id: str | None = None
