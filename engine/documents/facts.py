"""Facts mined from a document's text, each with the evidence it rests on.

Skills, job titles, employers, degrees and institutions come from the learned span tagger
(`tagger.py`) and are linked to O*NET by the ontology's names and aliases; the dictionary
also contributes the skills written in skills lists, where it is reliable. Date ranges,
certifications, projects and achievements come from the document's structure
(`records.py`). Each fact quotes the exact span of the page it came from.
"""

from datetime import UTC, date, datetime

from .fact_types import EXTRACTOR, EXTRACTOR_VERSION, Evidence, Fact, Link, skill_identity
from .linking import LinkGate
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
    "skill_identity",
]


class FactExtractor:
    def __init__(
        self, vocabulary: Vocabulary, titles: TitleIndex, tagger: SpanTagger | None,
        gate: LinkGate | None = None,
    ) -> None:  # fmt: skip
        self.vocabulary = vocabulary
        self.titles = titles
        self.tagger = tagger
        self.gate = gate

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
        if self.gate is None:
            return list(facts.values())
        return merge_facts(self.gate.review(list(facts.values()), extracted))


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
    # the mention that best shows a fact is kept as the document's evidence
    if fact.evidence_kind.strength > current.evidence_kind.strength:
        current.evidence, current.evidence_kind = fact.evidence, fact.evidence_kind
    current.links += [link for link in fact.links if link not in current.links]
    current.technologies += [t for t in fact.technologies if t not in current.technologies]
    current.merge_periods(fact)
