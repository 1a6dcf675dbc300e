"""What the person-data layer hands out besides facts (those are `facts.model`): ingest
results, documents, jobs. Read models only."""

from pydantic import BaseModel

from .documents.job_quality import QualityReport
from .documents.jobs import QuotedRequirement

__all__ = ["DocumentInfo", "IngestResult", "JobInfo", "JobRequirement"]


class IngestResult(BaseModel):
    document_id: str
    status: str
    """queued, processed, duplicate (this person already has the same content), needs_type
    or unsupported_language."""
    doc_type: str | None = None
    doc_type_confidence: float | None = None
    facts: int = 0
    flags: list[str] = []
    instructions: int = 0
    job_id: str | None = None
    """Set when the document was a job description, stored as a Job."""


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
    seniority: str | None = None
    """entry, mid or senior: from the title's words, else the years asked"""
    quality: QualityReport | None = None
    """how good the posting is: score 0-100, red flags quoting the words, suggestions"""


class DocumentInfo(BaseModel):
    id: str
    person_id: str
    filename: str | None
    status: str
    """queued, processing, processed, rejected, failed, needs_type (say what it is with
    setDocumentType) or unsupported_language (kept, not mined)."""
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
    language: str | None = None
    """ISO 639-1 code of the text's language ("und" when unclear)."""
    doc_type_source: str | None = None
    """classifier, or user: someone said what it is (at upload, `--as`, setDocumentType)."""
