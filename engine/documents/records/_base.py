"""What every part of a page's reading shares: the page, its sections and tagged spans, and
making a fact with the span it was read from."""

import re
from datetime import date
from typing import Any

from ..dates import DateRange
from ..fact_types import Evidence, Fact
from ..sections import Section
from ..tagger import TaggedSpan
from ..text import Page as TextPage
from ..titles import TitleIndex
from ..vocabulary import Vocabulary

__all__ = ["PageBase"]

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
_LISTS = {"skills", "requirements", "preferred"}
_SECTION_CONFIDENCE = {"header": 0.7}
_DEGREE_LEVELS = (
    (r"\bph\.?\s?d\b|\bdoctor(ate)?\b|\bd\.phil\b", "Doctoral degree"),
    (
        r"\bmaster'?s?\b|\bm\.?\s?sc\b|\bm\.?b\.?a\b|\bm\.?\s?tech\b|\bm\.?\s?eng\b|\bmca\b|\bm\.?\s?com\b"
        r"|\bm\.s\.?|\bm\.a\.?(?=\s|$)",
        "Master's degree",
    ),
    (
        r"\bbachelor'?s?\b|\bb\.?\s?sc\b|\bb\.?\s?tech\b|\bb\.?\s?eng\b|\bbca\b|\bbba\b|\bb\.?\s?com\b"
        r"|\bb\.s\.?|\bb\.a\.?(?=\s|$)|\bb\.e\.?(?=\s|$)",
        "Bachelor's degree",
    ),
    (r"\bassociate'?s? (degree|of)\b", "Associate's degree"),
    (r"\bhigh school\b|\bhsc\b|\bssc\b|\bsslc\b|\bsecondary school\b", "High school diploma"),
    (r"\bdiploma\b", "Diploma"),
)
_INSTITUTION = re.compile(
    r"[A-Z][\w.&'-]*(?:\s+(?:of|for|and|&|de|[A-Z][\w.&'-]*))*\s+"
    r"(?:University|College|Institute|School|Academy|Polytechnic)(?:\s+of(?:\s+[A-Z][\w.&'-]*)+)?"
    r"|(?:University|College|Institute|School|Academy|Polytechnic)\s+of(?:\s+[A-Z][\w.&'-]*)+"
)
_FIELD = re.compile(r"^\s*(?:in|of)\s+([A-Z][^,\n\-–—(|;:]{2,60})")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_CERTIFIED = re.compile(
    r"(?:[A-Z][\w+&-]*\s+){0,3}Certified(?:\s+(?:[A-Z][\w+&()-]*|-|–|in|of)){1,6}"
)
_METRIC = re.compile(
    r"\d+(?:\.\d+)?\s?%|[$€£]\s?\d[\d,.]*\s?(?:[kmb]n?\b|million|billion)?|\b\d+(?:\.\d+)?x\b"
    r"|\b\d[\d,]*\+?\s+(?:users|customers|clients|people|engineers|employees|members|projects"
    r"|stores|countries|transactions|requests|students|patients|accounts|hours|days)\b",
    re.IGNORECASE,
)
_ACTION = re.compile(
    r"\b(increas|reduc|cut|grew|grow|improv|sav|led|manag|deliver|generat|achiev|boost|decreas|"
    r"rais|won|built|launch|scal|lower|drove|doubl|tripl|exceed|accelerat|shorten|expand|migrat)",
    re.IGNORECASE,
)
_MONTH_WORD = re.compile(r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? ", re.I)
_BULLET = re.compile(r"^[\s•\-*·▪●◦‣–>]+")


class PageBase:
    def __init__(
        self,
        page: TextPage,
        sections: list[Section],
        structured: bool,
        spans: list[TaggedSpan],
        vocabulary: Vocabulary,
        titles: TitleIndex,
        today: date,
    ) -> None:
        self.text = page.text
        self.number = page.number
        self.sections = sections
        self.structured = structured
        self.spans = spans
        self.vocabulary = vocabulary
        self.titles = titles
        self.today = today
        self._facts: list[Fact] = []

    # --- helpers -----------------------------------------------------------------------------

    def section(self, position: int) -> str:
        for section in self.sections:
            if section.start <= position < section.end:
                return section.name
        return "header"

    def _fact(self, kind: str, start: int, end: int, confidence: float, **fields: Any) -> Fact:
        section = self.section(start)
        text = self.text[start:end]
        fact = Fact(
            kind=kind,
            value=fields.pop("value", text),
            confidence=round(confidence * _SECTION_CONFIDENCE.get(section, 1.0), 3),
            evidence_kind=fields.pop("evidence_kind", _EVIDENCE_KIND.get(section, "other")),
            evidence=Evidence(page=self.number, start=start, end=end, text=text, section=section),
            normalized=fields.pop("normalized", None),
            onet_id=fields.pop("onet_id", None),
            **fields,
        )
        self._facts.append(fact)
        return fact

    def _line(self, position: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, position) + 1
        end = self.text.find("\n", position)
        return start, len(self.text) if end < 0 else end

    def _skip_header(self, position: int) -> bool:
        return self.structured and self.section(position) == "header"


def _project_name(title: str) -> str:
    """ "2020 – Personal Project: Home Automation System" -> "Home Automation System"."""
    title = _YEAR.sub("", title.split(" | ")[0])
    title = re.sub(
        r"(?i)^[\s\-–—:]*(?:personal |side |key |academic )?project\s*\d*\s*:", "", title
    )
    return _clean(title.split(" - ")[0])


def _company(text: str) -> bool:
    words = text.strip(" ,;:-").split()
    return (
        bool(words)
        and len("".join(words)) > 1
        and not re.fullmatch(r"(?i)(i{1,3}|iv|v|inc|ltd|llc)\.?", words[0])
    )


def _nearest(spans: list[TaggedSpan], r: DateRange, window: tuple[int, int]) -> TaggedSpan | None:
    near = [s for s in spans if window[0] <= s.start < window[1]]
    return min(near, key=lambda s: abs(s.start - r.start), default=None)


def _section_end(sections: list[Section], position: int, default: int) -> int:
    for section in sections:
        if section.start <= position < section.end:
            return section.end
    return default


def _clean(text: str) -> str:
    return " ".join(_BULLET.sub("", text).split()).strip(" ,;:-–|()")
