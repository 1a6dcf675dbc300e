"""Section headings of CVs and job descriptions, with the page spans they cover."""

import re
from dataclasses import dataclass

from .text import ExtractedText

__all__ = ["Section", "find_sections"]

_HEADINGS: dict[str, tuple[str, ...]] = {
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "relevant experience",
    ),
    "education": ("education", "academic background", "qualifications", "education and training"),
    "skills": (
        "skills", "technical skills", "core skills", "key skills", "core competencies",
        "competencies", "technologies", "tools", "tech stack", "expertise", "skills and tools",
    ),
    "projects": ("projects", "personal projects", "key projects", "selected projects"),
    "certifications": ("certifications", "certificates", "licenses", "licenses and certifications"),
    "summary": ("summary", "professional summary", "profile", "objective", "about me", "about"),
    "achievements": ("achievements", "awards", "honors", "accomplishments"),
    "requirements": (
        "requirements", "qualifications", "what you'll bring", "must have", "required skills",
        "basic qualifications", "minimum qualifications",
    ),
    "preferred": (
        "preferred qualifications", "nice to have", "nice to haves", "bonus points", "bonus",
        "preferred skills", "preferred", "good to have", "pluses", "desired skills",
        "desired qualifications", "desirable", "desirable skills", "optional",
    ),
    "responsibilities": ("responsibilities", "key responsibilities", "what you'll do", "duties"),
}  # fmt: skip
_LOOKUP = {variant: name for name, variants in _HEADINGS.items() for variant in variants}
_CLEAN = re.compile(r"[^a-z' ]+")


@dataclass(frozen=True)
class Section:
    name: str
    page: int
    start: int
    end: int
    """Character span of the section body on its page (a section running over a page break
    continues as a new Section on the next page)."""


def _heading(line: str) -> str | None:
    words = " ".join(_CLEAN.sub(" ", line.lower().replace("&", " and ")).split())
    if not words or len(words.split()) > 5:
        return None
    return _LOOKUP.get(words)


def find_sections(extracted: ExtractedText) -> list[Section]:
    sections: list[Section] = []
    current = "header"
    for page in extracted.pages:
        start = 0
        offset = 0
        for line in page.text.split("\n"):
            name = _heading(line)
            if name:
                if offset > start:
                    sections.append(Section(current, page.number, start, offset))
                current, start = name, offset + len(line) + 1
            offset += len(line) + 1
        end = len(page.text)
        if end > start:
            sections.append(Section(current, page.number, start, end))
    return sections
