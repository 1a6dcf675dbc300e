"""Degrees (level, field, year) and the institutions that granted them."""

import re

from graph_schema.keys import name_key

from ..dates import find_date_ranges
from ..fact_types import Fact, Link
from ..sections import Section
from ..tagger import TaggedSpan
from ._base import (
    _DEGREE_LEVELS,
    _FIELD,
    _INSTITUTION,
    _YEAR,
    PageBase,
    _clean,
)

__all__ = ["EducationReading"]


def degree_level(text: str) -> str | None:
    for pattern, level in _DEGREE_LEVELS:
        if re.search(pattern, text, re.IGNORECASE):
            return level
    return None


class EducationReading(PageBase):
    def _education(self) -> None:
        education = [s for s in self.sections if s.name == "education"]
        if not education and self.structured:
            return
        areas = education or [Section("education", self.number, 0, len(self.text))]
        degrees = [s for s in self.spans if s.label == "degree"]
        institutions = [s for s in self.spans if s.label == "institution"]
        for area in areas:
            found_institutions = [
                (s.start, s.end, s.confidence)
                for s in institutions
                if area.start <= s.start < area.end
            ]
            found_institutions += [
                (area.start + m.start(), area.start + m.end(), 0.8)
                for m in _INSTITUTION.finditer(self.text[area.start : area.end])
                if not any(
                    a < area.start + m.end() and area.start + m.start() < b
                    for a, b, _ in found_institutions
                )
            ]
            institution_facts = []
            for start, end, confidence in found_institutions:
                name = _clean(self.text[start:end].split("\n")[-1])
                institution_facts.append(
                    self._fact(
                        "institution",
                        start,
                        end,
                        confidence,
                        value=name,
                        normalized=name,
                        identity=name_key(name),
                        evidence_kind="education",
                    )
                )
            for span in [s for s in degrees if area.start <= s.start < area.end]:
                self._degree(span, area, institution_facts)

    def _degree(self, span: TaggedSpan, area: Section, institutions: list[Fact]) -> None:
        text = self.text[span.start : span.end].rstrip(" ,;:")
        level = degree_level(text)
        field_match = re.search(
            r".*\b(?:in|of)\s+([A-Z][^,\n\-–—(|;:]{2,60})$", text
        ) or _FIELD.match(self.text[span.end : span.end + 80])
        field = _clean(field_match.group(1)) if field_match else None
        if field and degree_level(field) is not None:
            field = None  # "Bachelor of Science": the level, not a field
        after = self.text[span.end : min(area.end, span.end + 200)]
        line_start, line_end = self._line(span.start)
        # "Degree, Institution, City", else an institution on the degree's line, else the
        # nearest one (a line of its own above or below).
        institution = self._institution_after(span, line_end) or min(
            (i for i in institutions if line_start <= i.evidence.start < line_end),
            key=lambda i: abs(i.evidence.start - span.end),
            default=None,
        )
        if institution is None:
            institution = min(
                (i for i in institutions if abs(i.evidence.start - span.end) < 200),
                key=lambda i: abs(i.evidence.start - span.end),
                default=None,
            )
        line = self.text[line_start:line_end]
        dates = find_date_ranges(line, self.today)
        years = _YEAR.findall(line) or _YEAR.findall(after)[:1]
        valid_from = dates[0].valid_from if dates else None
        valid_to = dates[0].valid_to if dates else (years[-1] if years else None)
        where = institution.normalized if institution else None
        fact = self._fact(
            "degree",
            span.start,
            span.end,
            span.confidence,
            value=_clean(text),
            normalized=level or _clean(text),
            field=field,
            institution=where,
            identity=f"{name_key(level or text)}:{name_key(field or '')}@{name_key(where or '')}",
            valid_from=valid_from,
            valid_to=valid_to,
            evidence_kind="education",
        )
        if institution is not None:
            fact.links.append(Link(rel="AT", kind="institution", identity=institution.identity))

    def _institution_after(self, degree: TaggedSpan, line_end: int) -> Fact | None:
        rest = self.text[degree.end : line_end]
        if self.text[degree.start : degree.end].rstrip().endswith(","):
            rest = "," + rest  # the tagger took the comma with the degree
            offset = degree.end - 1
        else:
            offset = degree.end
        match = re.match(r",\s*([A-Z][^,(|\n]{1,60}?)\s*(?:,|\(|\||$)", rest)
        if (
            match is None
            or find_date_ranges(match.group(1), self.today)
            or _YEAR.search(match.group(1))
        ):
            return None
        start, end = offset + match.start(1), offset + match.end(1)
        name = _clean(self.text[start:end])
        return self._fact(
            "institution", start, end, 0.6, value=name, normalized=name,
            identity=name_key(name), evidence_kind="education",
        )  # fmt: skip
