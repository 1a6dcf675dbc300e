"""One page's facts: skills, experience entries (role, employer, dates), education,
certifications, projects and achievements, each with the span it was read from."""

import re
from datetime import date
from typing import Any

from graph_schema.keys import name_key

from ..facts.model import EvidenceKind
from .dates import DateRange, find_date_ranges
from .fact_types import Evidence, Fact, Link, skill_identity
from .sections import Section
from .tagger import TaggedSpan
from .text import Page as TextPage
from .titles import TitleIndex
from .vocabulary import Term, Vocabulary

__all__ = ["Page"]

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


def degree_level(text: str) -> str | None:
    for pattern, level in _DEGREE_LEVELS:
        if re.search(pattern, text, re.IGNORECASE):
            return level
    return None


class Page:
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

    # --- facts -------------------------------------------------------------------------------

    def facts(self) -> list[Fact]:
        skills = self._skills()
        entries = self._experience()
        for entry in entries:
            # A skill found elsewhere (a skills list, another role) and named again in a role's
            # description, where the tagger did not mark it: it carries the role's months.
            taken = [(s.evidence.start, s.evidence.end) for s in skills]
            taken += [(s.start, s.end) for s in self.spans if s.label in ("role", "employer")]
            known = {s.onet_id for s in skills if s.onet_id}
            body = self.text[entry.start : entry.end]
            for m in self.vocabulary.find(body):
                start, end = entry.start + m.start, entry.start + m.end
                if m.term.id in known and not any(a < end and start < b for a, b in taken):
                    skills.append(self._skill(start, end, m.term, 0.85 * m.weight))
        for skill in skills:
            for entry in entries:
                if entry.start <= skill.evidence.start < entry.end:
                    entry.attach(skill)
        self._education()
        self._certifications()
        self._projects(skills)
        self._achievements(entries)
        return self._facts

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

    def _experience(self) -> list["_Entry"]:
        roles = [s for s in self.spans if s.label == "role" and not self._skip_header(s.start)]
        employers = [
            s for s in self.spans if s.label == "employer" and not self._skip_header(s.start)
        ]
        experience = [s for s in self.sections if s.name == "experience"]
        ranges = [
            r
            for r in find_date_ranges(self.text, self.today)
            if not experience or any(s.start <= r.start < s.end for s in experience)
        ]
        entries: list[_Entry] = []
        used: set[TaggedSpan] = set()
        for r in ranges:
            line_start, line_end = self._line(r.start)
            window_start = self.text.rfind("\n", 0, max(line_start - 1, 0))
            for _ in range(2):
                window_start = self.text.rfind("\n", 0, max(window_start, 0))
            window = (
                max(window_start, entries[-1].anchor if entries else 0),
                self._line(line_end + 1)[1],
            )
            role = _nearest([s for s in roles if s not in used], r, window)
            if role is None and not experience:
                continue  # a date range outside any experience section, with no title near it
            if role is not None:
                used.add(role)
                role = self._whole_title(role)
            employer = _nearest(
                [
                    s
                    for s in employers
                    if s not in used
                    and _company(self.text[s.start : s.end])
                    and not (role is not None and role.start < s.end and s.start < role.end)
                ],
                r,
                window,
            )
            if employer is not None:
                used.add(employer)
            elif role is not None:
                employer = self._employer_after(role)
            header = min([line_start] + [s.start for s in (role, employer) if s is not None])
            entries.append(self._entry(r, role, employer, header))
        for i, entry in enumerate(entries):
            entry.end = (
                entries[i + 1].start
                if i + 1 < len(entries)
                else _section_end(self.sections, entry.start, len(self.text))
            )
        for span in roles:  # titles with no dates: a headline or a role without its dates
            if span not in used:
                self._role(span, None, None, 0.8)
        return entries

    def _whole_title(self, role: TaggedSpan) -> TaggedSpan:
        """Keep a title's words with it: its level ("Software Development Engineer III") and
        capitalised words the tagger left off its front ("Full Stack Developer")."""
        start, end = role.start, role.end
        level = re.match(r"\s+(?:I{1,3}|IV|V|[1-4])\b", self.text[end : end + 6])
        if level is not None:
            end += level.end()
        before = self.text[self._line(start)[0] : start]
        front = re.search(r"(?:\b[A-Z][A-Za-z+#/.&-]* ){1,2}$", before)
        if front is not None and not _MONTH_WORD.match(front.group(0)):
            start -= len(front.group(0))
        return TaggedSpan(role.label, start, end, role.confidence)

    def _employer_after(self, role: TaggedSpan) -> TaggedSpan | None:
        """ "Title, Employer, City" or "Title at Employer": the part after the title."""
        rest = self.text[role.end : self._line(role.end)[1]]
        match = re.match(
            r"\s*(?:,|\bat\b|@|\||–|—|-)\s*([^,|–—(\n]{2,60}?)\s*(?:,|\||–|—|\(|$)", rest
        )
        if (
            match is None
            or not _company(match.group(1))
            or find_date_ranges(match.group(1), self.today)
        ):
            return None
        return TaggedSpan("employer", role.end + match.start(1), role.end + match.end(1), 0.6)

    def _entry(
        self, r: DateRange, role: TaggedSpan | None, employer: TaggedSpan | None, header: int
    ) -> "_Entry":
        employer_fact = None
        if employer is not None:
            name = _clean(self.text[employer.start : employer.end].split(",")[0])
            employer_fact = self._fact(
                "employer",
                employer.start,
                employer.end,
                employer.confidence,
                value=name,
                normalized=name,
                identity=name_key(name),
                valid_from=r.valid_from,
                valid_to=r.valid_to,
            )
        role_fact = self._role(role, r, employer_fact, 1.0) if role is not None else None
        return _Entry(header, r.end, r, role_fact, employer_fact)

    def _role(
        self, span: TaggedSpan, r: DateRange | None, employer: Fact | None, factor: float
    ) -> Fact:
        title = _clean(self.text[span.start : span.end].split("\n")[0])
        occupation = self.titles.occupation(title)
        employer_name = employer.normalized if employer is not None else None
        fact = self._fact(
            "role",
            span.start,
            span.start + len(self.text[span.start : span.end].split("\n")[0]),
            span.confidence * factor,
            value=title,
            normalized=occupation.title if occupation else title,
            onet_id=occupation.code if occupation else None,
            identity=f"{name_key(title)}@{name_key(employer_name or '')}",
            valid_from=r.valid_from if r else None,
            valid_to=r.valid_to if r else None,
            months=r.months if r else None,
            employer=employer_name,
            evidence_kind="work_experience",
        )
        if employer is not None:
            fact.links.append(Link(rel="AT", kind="employer", identity=employer.identity))
        return fact

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

    def _certifications(self) -> None:
        seen: set[str] = set()
        for section in self.sections:
            if section.name != "certifications":
                continue
            offset = section.start
            for line in self.text[section.start : section.end].split("\n"):
                bullet = _BULLET.match(line)
                start, end = offset + (bullet.end() if bullet else 0), offset + len(line.rstrip())
                offset += len(line) + 1
                name = _clean(_YEAR.sub("", line))
                if len(name) >= 3 and name_key(name) not in seen and end > start:
                    seen.add(name_key(name))
                    self._fact(
                        "certification",
                        start,
                        end,
                        0.85,
                        value=name,
                        normalized=name,
                        identity=name_key(name),
                        evidence_kind="certification",
                    )
        for m in _CERTIFIED.finditer(self.text):
            name = _clean(m.group(0))
            if name_key(name) not in seen and not self._skip_header(m.start()):
                seen.add(name_key(name))
                self._fact(
                    "certification",
                    m.start(),
                    m.end(),
                    0.75,
                    value=name,
                    normalized=name,
                    identity=name_key(name),
                    evidence_kind="certification",
                )

    def _projects(self, skills: list[Fact]) -> None:
        for section in self.sections:
            if section.name != "projects":
                continue
            items: list[tuple[int, int, str]] = []
            offset, previous_blank = section.start, True
            for line in self.text[section.start : section.end].split("\n"):
                stripped = line.strip()
                if (
                    stripped
                    and (stripped[0].isupper() or stripped[0].isdigit())
                    and not _BULLET.match(line)
                    and len(stripped) <= 90
                    and not stripped.endswith(".")
                    and previous_blank
                ):
                    items.append(
                        (offset + line.index(stripped[0]), offset + len(line.rstrip()), stripped)
                    )
                previous_blank = not stripped or bool(_BULLET.match(line)) or stripped.endswith(".")
                offset += len(line) + 1
            for i, (start, end, title) in enumerate(items):
                body_end = items[i + 1][0] if i + 1 < len(items) else section.end
                used = [s for s in skills if start <= s.evidence.start < body_end]
                name = _project_name(title)
                project = self._fact(
                    "project",
                    start,
                    end,
                    0.8,
                    value=name,
                    normalized=name,
                    identity=name_key(name),
                    technologies=sorted({s.normalized for s in used if s.onet_id}),
                )
                for skill in used:
                    skill.links.append(
                        Link(rel="USED_IN", kind="project", identity=project.identity)
                    )

    def _achievements(self, entries: list["_Entry"]) -> None:
        offset = 0
        for line in self.text.split("\n"):
            for sentence in re.finditer(r"[^.;]+(?:[.;](?!\d)|$)", line):
                text = sentence.group(0)
                metric = _METRIC.search(text)
                start = offset + sentence.start() + (len(text) - len(text.lstrip(" •-*·▪●")))
                if (
                    metric is None
                    or not _ACTION.search(text)
                    or self._skip_header(start)
                    or self.section(start) in {"education", "skills", "requirements", "preferred"}
                    or _YEAR.fullmatch(metric.group(0).strip())
                ):
                    continue
                value = text.strip(" •-*·▪●.;")
                end = start + len(value)
                fact = self._fact(
                    "achievement",
                    start,
                    end,
                    0.75,
                    value=value,
                    normalized=value,
                    identity=name_key(value)[:120],
                    metric=metric.group(0).strip(),
                )
                for entry in entries:
                    if entry.start <= start < entry.end and entry.role is not None:
                        fact.links.append(Link(rel="AT", kind="role", identity=entry.role.identity))
            offset += len(line) + 1


class _Entry:
    def __init__(
        self, start: int, anchor: int, dates: DateRange, role: Fact | None, employer: Fact | None
    ) -> None:
        self.start = start
        self.anchor = anchor
        self.end = anchor
        self.dates = dates
        self.role = role
        self.employer = employer

    def attach(self, skill: Fact) -> None:
        skill.evidence_kind = EvidenceKind.WORK_EXPERIENCE
        skill.add_period(self.dates)
        if self.role is not None:
            skill.links.append(Link(rel="USED_IN", kind="role", identity=self.role.identity))


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
