"""Experience entries (a role, its employer and dates) and the achievements in them."""

import re

from graph_schema.keys import name_key

from ...facts.model import EvidenceKind
from ..dates import DateRange, find_date_ranges
from ..fact_types import Fact, Link
from ..tagger import TaggedSpan
from ._base import (
    _ACTION,
    _METRIC,
    _MONTH_WORD,
    _YEAR,
    _clean,
    _company,
    _nearest,
    _section_end,
)
from .employers import EmployerReading

__all__ = ["ExperienceReading"]

_NOT_HELD = re.compile(
    r"(?i)\b(?:certif\w*|objective|seeking|looking for|aspir\w*|career goal|"
    r"desired (?:role|position))\b"
)


class ExperienceReading(EmployerReading):
    def _experience(self) -> list["_Entry"]:
        roles = self._joined_titles(
            [s for s in self.spans if s.label == "role" and not self._skip_header(s.start)]
        )
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
                # a qualifier the tagger took for a title of its own: "Developer (Front-End)"
                used.update(s for s in roles if role.start <= s.start and s.end <= role.end)
            employer = _nearest(
                [
                    s
                    for s in employers
                    if s not in used
                    and _company(self.text[s.start : s.end])
                    and self._employer_name(s.start, _first_part(self.text[s.start : s.end]))
                    and not (role is not None and role.start < s.end and s.start < role.end)
                ],
                r,
                window,
            )
            if employer is not None:
                used.add(employer)
            elif role is not None:
                employer = self._employer_after(role) or self._employer_beside(role, roles)
            header = min([line_start] + [s.start for s in (role, employer) if s is not None])
            entries.append(self._entry(r, role, employer, header))
        for i, entry in enumerate(entries):
            entry.end = (
                entries[i + 1].start
                if i + 1 < len(entries)
                else _section_end(self.sections, entry.start, len(self.text))
            )
        for span in roles:  # titles with no dates: a headline or a role without its dates
            if span not in used and not self._not_held(span):
                self._role(span, None, None, 0.8)
        return entries

    def _joined_titles(self, roles: list[TaggedSpan]) -> list[TaggedSpan]:
        """One title the tagger read as two: "Developer (Front-End)"."""
        joined: list[TaggedSpan] = []
        for span in sorted(roles, key=lambda s: s.start):
            last = joined[-1] if joined else None
            if last is not None and re.fullmatch(r"\s?\(\s?", self.text[last.end : span.start]):
                end = span.end + (self.text[span.end : span.end + 1] == ")")
                joined[-1] = TaggedSpan("role", last.start, end, max(last.confidence,
                                                                     span.confidence))  # fmt: skip
            else:
                joined.append(span)
        return joined

    def _not_held(self, span: TaggedSpan) -> bool:
        """A title named in a certification ("Angular Developer Certification") or an
        objective ("Seeking a Senior Engineer position") is not a role the person held."""
        line_start, line_end = self._line(span.start)
        # the words just around the title, not its whole line (collapsed text is one line)
        near = self.text[max(line_start, span.start - 40) : min(line_end, span.end + 25)]
        return self.section(span.start) == "certifications" or bool(_NOT_HELD.search(near))

    def _whole_title(self, role: TaggedSpan) -> TaggedSpan:
        """Keep a title's words with it: its level ("Software Development Engineer III") and
        capitalised words the tagger left off its front ("Full Stack Developer")."""
        start, end = role.start, role.end
        level = re.match(r"\s+(?:I{1,3}|IV|V|[1-4])\b", self.text[end : end + 6])
        if level is not None:
            end += level.end()
        qualifier = re.match(r"\s*\((?![^)]*\d{4})[^()\n]{2,30}\)", self.text[end : end + 34])
        if qualifier is not None:
            end += qualifier.end()
        before = self.text[self._line(start)[0] : start]
        front = re.search(r"(?:\b[A-Z][A-Za-z+#/.&-]* ){1,2}$", before)
        if front is not None and not _MONTH_WORD.match(front.group(0)):
            start -= len(front.group(0))
        return TaggedSpan(role.label, start, end, role.confidence)

    def _entry(
        self, r: DateRange, role: TaggedSpan | None, employer: TaggedSpan | None, header: int
    ) -> "_Entry":
        employer_fact = None
        if employer is not None:
            name = _first_part(self.text[employer.start : employer.end])
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
        if title.count("(") > title.count(")"):
            title += ")"  # the qualifier's closing parenthesis, trimmed with the punctuation
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


def _first_part(text: str) -> str:
    """ "Initech, Austin, TX" -> "Initech"."""
    return _clean(text.split(",")[0])
