"""Skills: from skills lists (the dictionary) and from the tagger's spans."""

from graph_schema.keys import name_key

from ..fact_types import Fact, skill_identity
from ..vocabulary import Term
from ._base import (
    _LISTS,
    PageBase,
)

__all__ = ["SkillsReading"]


class SkillsReading(PageBase):
    def _skills(self) -> list[Fact]:
        found: list[Fact] = []
        # Titles and employers are not skills, even when a product shares the name ("Facebook").
        covered: list[tuple[int, int]] = [
            (s.start, s.end) for s in self.spans if s.label in ("role", "employer")
        ]
        for span in self.spans:
            if span.label != "skill" or self._skip_header(span.start):
                continue
            covered.append((span.start, span.end))
            lenient = self.section(span.start) in _LISTS
            mentions = self.vocabulary.find(self.text[span.start : span.end], lenient_case=lenient)
            if mentions:
                for m in mentions:
                    start = span.start + m.start
                    found.append(
                        self._skill(
                            start, start + m.end - m.start, m.term, span.confidence * m.weight
                        )
                    )
                continue
            value = self.text[span.start : span.end].strip(" .,;:")
            if len(value) < 2 or len(value) > 60:
                continue
            found.append(
                self._fact(
                    "skill",
                    span.start,
                    span.end,
                    span.confidence * 0.8,
                    value=value,
                    normalized=" ".join(value.split()),
                    identity=skill_identity(None, value),
                )
            )
        # In skills lists and requirements the dictionary is reliable: keep what it finds there.
        # Elsewhere, keep the technologies it finds written as their names or acronyms
        # ("JavaScript", "SQL"; not two-letter ones such as "AI"): product names hold in any
        # language and layout the tagger missed.
        for section in self.sections:
            if self._skip_header(section.start):
                continue
            listed = section.name in _LISTS
            body = self.text[section.start : section.end]
            for m in self.vocabulary.find(body, lenient_case=listed):
                start = section.start + m.start
                end = start + m.end - m.start
                if any(s < end and start < e for s, e in covered):
                    continue
                if listed:
                    found.append(self._skill(start, end, m.term, 0.9 * m.weight))
                elif (
                    m.term.kind == "technology"
                    and len(m.text) >= 3
                    and (name_key(m.text) == name_key(m.term.name) or m.text.isupper())
                ):
                    found.append(self._skill(start, end, m.term, 0.7 * m.weight))
                covered.append((start, end))
        return found

    def _skill(self, start: int, end: int, term: Term, confidence: float) -> Fact:
        kind_confidence = 0.8 if term.kind == "tool" else 1.0
        return self._fact(
            "skill",
            start,
            end,
            confidence * kind_confidence,
            normalized=term.name,
            onet_id=term.id,
            identity=skill_identity(term.id, term.name),
        )
