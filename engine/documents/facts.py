"""Facts mined from a document's text, each with the evidence it rests on.

This first extractor finds skills and technologies linked to O*NET by matching the
ontology's names and aliases (the dictionary extractor); each fact quotes the exact span of
the page it came from and says what kind of evidence that section is.
"""

from pydantic import BaseModel, Field

from .sections import find_sections
from .text import ExtractedText
from .vocabulary import Vocabulary

__all__ = ["EXTRACTOR", "EXTRACTOR_VERSION", "Evidence", "Fact", "extract_skill_facts"]

EXTRACTOR = "careergraph.dictionary"
EXTRACTOR_VERSION = "0.1.0"

_EVIDENCE_KIND = {
    "experience": "work_experience",
    "projects": "project",
    "education": "education",
    "certifications": "certification",
    "skills": "skills_list",
    "summary": "summary",
    "requirements": "required",
    "preferred": "preferred",
    "responsibilities": "responsibility",
}
_LENIENT = {"skills", "requirements", "preferred"}
_SECTION_CONFIDENCE = {"header": 0.7, "achievements": 0.85}
_KIND_CONFIDENCE = {"tool": 0.75}


class Evidence(BaseModel):
    page: int
    start: int = Field(description="character offset in the page's extracted text")
    end: int
    text: str
    section: str
    extractor: str = EXTRACTOR
    extractor_version: str = EXTRACTOR_VERSION


class Fact(BaseModel):
    kind: str
    value: str = Field(description="as written in the document")
    normalized: str | None = Field(description="the ontology entry's name")
    onet_id: str | None
    confidence: float
    evidence_kind: str
    evidence: Evidence


def extract_skill_facts(extracted: ExtractedText, vocabulary: Vocabulary) -> list[Fact]:
    """One fact per distinct ontology term, evidenced by its first mention."""
    pages = {page.number: page.text for page in extracted.pages}
    facts: dict[str, Fact] = {}
    sections = find_sections(extracted)
    structured = any(section.name != "header" for section in sections)
    for section in sections:
        if structured and section.name == "header":
            continue  # name, contact and headline: names of people and places, not skills
        body = pages[section.page][section.start : section.end]
        for mention in vocabulary.find(body, lenient_case=section.name in _LENIENT):
            if mention.term.id in facts:
                continue
            start = section.start + mention.start
            confidence = (
                mention.weight
                * _SECTION_CONFIDENCE.get(section.name, 1.0)
                * _KIND_CONFIDENCE.get(mention.term.kind, 1.0)
            )
            facts[mention.term.id] = Fact(
                kind="skill",
                value=mention.text,
                normalized=mention.term.name,
                onet_id=mention.term.id,
                confidence=round(confidence, 3),
                evidence_kind=_EVIDENCE_KIND.get(section.name, "other"),
                evidence=Evidence(
                    page=section.page,
                    start=start,
                    end=section.start + mention.end,
                    text=mention.text,
                    section=section.name,
                ),
            )
    return list(facts.values())
