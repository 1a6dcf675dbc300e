"""A job description read as a Job: title, required and preferred skills, experience range,
education, location and work arrangement."""

import re

from pydantic import BaseModel

from .facts import Fact
from .records import degree_level
from .text import ExtractedText
from .titles import TitleIndex

__all__ = ["JobPosting", "JobSkill", "QuotedRequirement", "describe_job"]

_YEARS = re.compile(
    r"(?P<low>\d{1,2})\s*(?:\+|(?:-|–|to)\s*(?P<high>\d{1,2}))?\s*\+?\s*(?:years?|yrs?)\b"
    r"(?:\s+of)?(?:\s+\w+){0,4}?\s+(?:experience|exp\b)",
    re.IGNORECASE,
)
_LOCATION = re.compile(r"^\s*(?:location|based in|office|city)\s*[:\-–]\s*(.{2,80})$", re.I | re.M)
_ARRANGEMENTS = (
    ("hybrid", re.compile(r"\bhybrid\b", re.I)),
    ("remote", re.compile(r"\b(?:fully remote|remote[- ]first|remote|work from home|wfh)\b", re.I)),
    ("on_site", re.compile(r"\b(?:on[- ]?site|in[- ]office|in the office)\b", re.I)),
)
_TITLE_LINE = re.compile(
    r"^\s*(?:job title|title|position|role)\s*[:\-–]\s*(.{2,80})$", re.I | re.M
)


class QuotedRequirement(BaseModel):
    """A skill a posting asks for, with the words that ask for it."""

    required: bool
    confidence: float
    page: int
    start: int
    end: int
    text: str


class JobSkill(QuotedRequirement):
    value: str
    normalized: str | None
    onet_id: str | None


class JobPosting(BaseModel):
    title: str | None
    occupation_code: str | None
    occupation: str | None
    skills: list[JobSkill]
    experience_min: int | None
    experience_max: int | None
    education: str | None
    location: str | None
    work_arrangement: str | None
    """remote, hybrid or on_site; None when the text does not say."""


def describe_job(text: ExtractedText, facts: list[Fact], titles: TitleIndex) -> JobPosting:
    body = text.text
    title = _title(body, facts)
    occupation = titles.occupation(title) if title else None
    skills = [
        JobSkill(
            value=f.value,
            normalized=f.normalized,
            onet_id=f.onet_id,
            required=f.evidence_kind != "preferred"
            and not _preferred_context(text, f.evidence.page, f.evidence.start),
            confidence=f.confidence,
            **f.evidence.model_dump(include={"page", "start", "end", "text"}),
        )
        for f in facts
        if f.kind == "skill"
    ]
    low, high = _experience(body)
    location = _LOCATION.search(body)
    return JobPosting(
        title=title,
        occupation_code=occupation.code if occupation else None,
        occupation=occupation.title if occupation else None,
        skills=skills,
        experience_min=low,
        experience_max=high,
        education=_education(body),
        location=location.group(1).strip() if location else None,
        work_arrangement=next((name for name, p in _ARRANGEMENTS if p.search(body)), None),
    )


def _title(body: str, facts: list[Fact]) -> str | None:
    labelled = _TITLE_LINE.search(body)
    if labelled:
        return labelled.group(1).strip()
    roles = [f for f in facts if f.kind == "role"]
    if roles:
        return min(roles, key=lambda f: (f.evidence.page, f.evidence.start)).value
    first = next((line.strip() for line in body.split("\n") if line.strip()), None)
    return first if first and len(first) <= 80 else None


def _experience(body: str) -> tuple[int | None, int | None]:
    found = [
        (int(m.group("low")), int(m.group("high")) if m.group("high") else None)
        for m in _YEARS.finditer(body)
        if int(m.group("low")) <= 40
    ]
    if not found:
        return None, None
    low = min(f[0] for f in found)
    highs = [f[1] for f in found if f[1] is not None]
    return low, max(highs) if highs else None


def _education(body: str) -> str | None:
    for line in body.split("\n"):
        if re.search(r"\b(degree|bachelor|master|ph\.?d|diploma|b\.?s\.?|m\.?s\.?)\b", line, re.I):
            level = degree_level(line)
            if level:
                return level
    return None


def _preferred_context(text: ExtractedText, page: int, start: int) -> bool:
    """ "Nice to have: Go", "Kafka is a plus", "preferred": said on the mention's own line."""
    page_text = text.pages[page - 1].text
    line_start = page_text.rfind("\n", 0, start) + 1
    line_end = page_text.find("\n", start)
    line = page_text[line_start : len(page_text) if line_end < 0 else line_end]
    return bool(
        re.search(r"\b(preferred|nice to have|a plus|bonus|desirable|ideally)\b", line, re.I)
    )
