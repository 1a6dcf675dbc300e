"""Facts mined from a document's text, each with the evidence it rests on.

Skills, job titles, employers, degrees and institutions come from the learned span tagger
(`tagger.py`) and are linked to O*NET by the ontology's names and aliases; the dictionary
also contributes the skills written in skills lists, where it is reliable. Date ranges,
certifications, projects and achievements come from the document's structure
(`records.py`). Each fact quotes the exact span of the page it came from.
"""

from datetime import UTC, date, datetime

from pydantic import BaseModel, Field, PrivateAttr

from graph_schema.keys import name_key

from .dates import DateRange
from .records import Page as PageRecords
from .sections import find_sections
from .tagger import SpanTagger, TaggedSpan
from .text import PAGE_BREAK, ExtractedText
from .titles import TitleIndex
from .vocabulary import Vocabulary

__all__ = [
    "EXTRACTOR",
    "EXTRACTOR_VERSION",
    "Evidence",
    "Fact",
    "FactExtractor",
    "Link",
    "merge_facts",
]

EXTRACTOR = "careergraph.extractor"
EXTRACTOR_VERSION = "0.2.0"
FACT_KINDS = (
    "skill", "role", "employer", "degree", "institution", "certification", "project", "achievement",
)  # fmt: skip


class Evidence(BaseModel):
    page: int
    start: int = Field(description="character offset in the page's extracted text")
    end: int
    text: str
    section: str
    extractor: str = EXTRACTOR
    extractor_version: str = EXTRACTOR_VERSION


class Link(BaseModel):
    """A relationship to another fact of the same document: a skill USED_IN a role or
    project, a role AT an employer, a degree AT an institution."""

    rel: str
    kind: str
    identity: str


class Fact(BaseModel):
    kind: str
    value: str = Field(description="as written in the document")
    normalized: str | None = Field(description="the ontology entry's name, or a cleaned value")
    onet_id: str | None
    confidence: float
    evidence_kind: str
    evidence: Evidence
    identity: str = Field(description="what makes two mentions the same fact, within a person")
    valid_from: str | None = Field(default=None, description="ISO year or year-month")
    valid_to: str | None = Field(default=None, description="None while still true")
    months: int | None = Field(default=None, description="months of experience it stands for")
    employer: str | None = None
    field: str | None = Field(default=None, description="a degree's field of study")
    institution: str | None = None
    metric: str | None = Field(default=None, description="an achievement's number")
    technologies: list[str] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)
    _periods: list[tuple[int, int, str, str | None]] = PrivateAttr(default_factory=list)

    def add_period(self, dates: "DateRange") -> None:
        """Count the months of a role this fact was used in (overlapping roles count once)."""
        first = _month(dates.valid_from)
        self._periods.append(
            (first, first + max(dates.months, 1), dates.valid_from, dates.valid_to)
        )
        self._recount()

    def merge_periods(self, other: "Fact") -> None:
        self._periods += other._periods
        if other._periods:
            self._recount()

    def _recount(self) -> None:
        months: set[int] = set()
        for start, end, _, _ in self._periods:
            months.update(range(start, end))
        self.months = len(months)
        self.valid_from = min(self._periods)[2]
        ends = [p[3] for p in self._periods]
        self.valid_to = None if None in ends else max(e for e in ends if e is not None)


def _month(iso: str) -> int:
    year, _, month = iso.partition("-")
    return int(year) * 12 + int(month or 1) - 1


def skill_identity(onet_id: str | None, value: str) -> str:
    return f"onet:{onet_id}" if onet_id else f"text:{name_key(value)}"


class FactExtractor:
    def __init__(
        self, vocabulary: Vocabulary, titles: TitleIndex, tagger: SpanTagger | None
    ) -> None:
        self.vocabulary = vocabulary
        self.titles = titles
        self.tagger = tagger

    def extract(self, extracted: ExtractedText, today: date | None = None) -> list[Fact]:
        """Every fact once, evidenced by its first mention; skills carry the months of the
        roles they were used in."""
        today = today or datetime.now(UTC).date()
        sections = find_sections(extracted)
        structured = any(section.name != "header" for section in sections)
        facts: dict[tuple[str, str], Fact] = {}
        # Tag the document as one text, so a page break (which a DOCX of the same CV does not
        # have) does not change what the tagger sees; then give each page its spans. (The
        # classifier read the same text, so the model does not run again.)
        tagged: list[TaggedSpan] = self.tagger.tag(extracted.text) if self.tagger else []
        offset = 0
        for page in extracted.pages:
            end = offset + len(page.text)
            spans = [
                TaggedSpan(s.label, s.start - offset, s.end - offset, s.confidence)
                for s in tagged
                if offset <= s.start and s.end <= end
            ]
            offset = end + len(PAGE_BREAK)
            records = PageRecords(
                page, [s for s in sections if s.page == page.number], structured, spans,
                self.vocabulary, self.titles, today,
            )  # fmt: skip
            for fact in records.facts():
                _merge(facts, fact)
        return list(facts.values())


# Which mention of a fact best shows it: the one kept as the document's evidence.
_STRENGTH = {"work_experience": 5, "project": 4, "certification": 3, "education": 2}


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per kind and identity (two mentions linked to one term become one)."""
    merged: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        _merge(merged, fact)
    return list(merged.values())


def _merge(facts: dict[tuple[str, str], Fact], fact: Fact) -> None:
    key = (fact.kind, fact.identity)
    current = facts.get(key)
    if current is None:
        facts[key] = fact
        return
    current.confidence = max(current.confidence, fact.confidence)
    if _STRENGTH.get(fact.evidence_kind, 0) > _STRENGTH.get(current.evidence_kind, 0):
        current.evidence, current.evidence_kind = fact.evidence, fact.evidence_kind
    current.links += [link for link in fact.links if link not in current.links]
    current.technologies += [t for t in fact.technologies if t not in current.technologies]
    current.merge_periods(fact)
