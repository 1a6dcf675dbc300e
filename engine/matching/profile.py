"""A person's countable facts and a job's requirements, read from graph rows into the shapes
scoring works on."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..facts.model import EvidenceKind
from .model import MatchEvidence
from .weights import Seniority, level_of

__all__ = [
    "EDUCATION_RANK",
    "JobSpec",
    "PersonFact",
    "Profile",
    "Requirement",
    "experience_asked",
    "role_months",
    "seniority",
    "span_months",
]

EDUCATION_RANK = {
    "High school diploma": 1,
    "Diploma": 2,
    "Associate's degree": 3,
    "Bachelor's degree": 4,
    "Master's degree": 5,
    "Doctoral degree": 6,
}


@dataclass
class PersonFact:
    id: str
    kind: str
    value: str
    normalized: str | None
    onet_id: str | None
    confidence: float
    valid_from: str | None
    valid_to: str | None
    months: int | None
    evidence: list[MatchEvidence]
    kinds: list[str]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "PersonFact":
        evidence, kinds = [], [str(k) for k in row.get("kinds") or [] if k]
        for e in row.get("evidence") or []:
            if e is None:
                continue
            kinds.append(str(e.get("kind") or "other"))
            label = e.get("source_label")
            evidence.append(
                MatchEvidence(
                    fact_id=row["id"],
                    value=row["value"],
                    kind=e.get("kind"),
                    document_id=e.get("source") if label == "Document" else None,
                    session_id=e.get("source") if label == "ConversationSession" else None,
                    page=e.get("page"),
                    start=e.get("start"),
                    end=e.get("end"),
                    text=e.get("text"),
                    turn=e.get("turn"),
                )
            )
        return cls(
            row["id"],
            row["kind"],
            row["value"],
            row.get("normalized"),
            row.get("onet_id"),
            float(row.get("confidence") or 0.0),
            row.get("valid_from"),
            row.get("valid_to"),
            row.get("months"),
            evidence,
            kinds,
        )

    @property
    def best_kind(self) -> EvidenceKind:
        known = [EvidenceKind(k) for k in self.kinds if k in EvidenceKind._value2member_map_]
        return max(known, key=lambda k: k.strength, default=EvidenceKind.OTHER)


@dataclass
class Profile:
    person: str
    facts: list[PersonFact] = field(default_factory=list)

    def of_kind(self, *kinds: str) -> list[PersonFact]:
        return [f for f in self.facts if f.kind in kinds]

    def months_of(self, *kinds: str, today: date) -> int:
        """Months covered by the dated facts of these kinds, overlaps counted once."""
        spans = sorted(span for f in self.of_kind(*kinds) if (span := _span(f, today)) is not None)
        total, end = 0, -1
        for start, stop in spans:
            if stop > end:
                total += stop - max(start, end)
                end = stop
        return total

    def experience_months(self, job: "JobSpec", entry_level: bool, today: date) -> int:
        """Months of experience that count for the job: its relevant roles' months (and, for an
        entry-level job, projects'), each role counted whole, never more than all the roles
        (and projects) together. A role without dates counts `UNDATED_ROLE_MONTHS`."""
        kinds = ("role", "project") if entry_level else ("role",)
        undated = sum(1 for f in self.of_kind("role") if not span_months(f, today))
        everything = self.months_of(*kinds, today=today) + UNDATED_ROLE_MONTHS * undated
        if job.occupation_code is None:
            return everything
        counted = sum(
            role_months(f, today)
            for f in self.of_kind("role")
            if f.onet_id and job.counts_as_experience(f.onet_id)
        )
        if entry_level:
            counted += sum(span_months(f, today) for f in self.of_kind("project"))
        return min(everything, counted)

    def education_rank(self) -> tuple[int, PersonFact | None]:
        best: tuple[int, PersonFact | None] = (0, None)
        for fact in self.of_kind("degree"):
            rank = max(
                (
                    r
                    for name, r in EDUCATION_RANK.items()
                    if name == fact.value or name == _level(fact)
                ),
                default=0,
            )
            if rank > best[0]:
                best = (rank, fact)
        return best


@dataclass
class Requirement:
    onet_id: str
    name: str
    required: bool
    text: str | None
    page: int | None
    start: int | None
    end: int | None


@dataclass
class JobSpec:
    id: str
    owner: str
    document_id: str | None
    title: str | None
    occupation_code: str | None
    experience_min: int | None
    experience_max: int | None
    education: str | None
    requirements: list[Requirement]
    related: frozenset[str] = frozenset()
    """O*NET's occupations related to the job's: years in them count as experience"""

    def counts_as_experience(self, code: str | None) -> bool:
        """Whether years in a role of this occupation are experience for the job: the job's
        occupation, one O*NET relates to it, or one of its SOC minor group (15-12: computer
        occupations). A job without an occupation counts every role."""
        if self.occupation_code is None:
            return True
        if code is None:
            return False
        return (
            code == self.occupation_code
            or code in self.related
            or (code[:5] == self.occupation_code[:5])
        )

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "JobSpec":
        requirements = [
            Requirement(
                r["onet_id"],
                r["name"],
                bool(r.get("required", True)),
                r.get("text"),
                r.get("page"),
                r.get("start"),
                r.get("end"),
            )
            for r in row.get("requirements") or []
            if r is not None
        ]
        requirements.sort(key=lambda r: (not r.required, r.name, r.onet_id))
        return cls(
            row["id"],
            row["person_id"],
            row.get("document_id"),
            row.get("title"),
            row.get("occupation_code"),
            row.get("experience_min"),
            row.get("experience_max"),
            row.get("education"),
            requirements,
            frozenset(c for c in row.get("related") or [] if c),
        )


def seniority(job: JobSpec) -> Seniority:
    return level_of(job.title, job.experience_min, job.experience_max)


IMPLIED_YEARS = 1
"""Years of related work a job that names none still counts in full (entry-level jobs
excepted): a posting for a teacher weighs whether a person has taught."""


def experience_asked(job: JobSpec) -> int | None:
    """The years the experience category measures against: the job's minimum; 0 when it
    names only a maximum; `IMPLIED_YEARS` when it names none but has an occupation and is not
    entry-level; None (no data) otherwise."""
    if job.experience_min is not None:
        return job.experience_min
    if job.experience_max is not None:
        return 0
    if job.occupation_code is not None and seniority(job) is not Seniority.ENTRY:
        return IMPLIED_YEARS
    return None


def _level(fact: PersonFact) -> str:
    from ..documents.records import degree_level

    return degree_level(fact.normalized or "") or degree_level(fact.value) or ""


def _month(value: str | None) -> int | None:
    if not value:
        return None
    match = re.match(r"(\d{4})(?:-(\d{2}))?", value)
    if match is None:
        return None
    return int(match[1]) * 12 + (int(match[2]) - 1 if match[2] else 0)


UNDATED_ROLE_MONTHS = 12
"""What a role without dates or a duration counts as experience: CVs often list roles without
dates, and a role held is more than no role."""


def role_months(fact: PersonFact, today: date) -> int:
    """The months a role counts as experience: its span, or `UNDATED_ROLE_MONTHS`."""
    return span_months(fact, today) or UNDATED_ROLE_MONTHS


def span_months(fact: PersonFact, today: date) -> int:
    """The months one dated fact covers (0 when it has no dates nor months)."""
    span = _span(fact, today)
    return span[1] - span[0] if span else 0


def _span(fact: PersonFact, today: date) -> tuple[int, int] | None:
    start = _month(fact.valid_from)
    end = _month(fact.valid_to) if fact.valid_to else today.year * 12 + today.month - 1
    if start is None or end is None:
        return (0, fact.months) if fact.months else None
    return (start, max(start + 1, end + (1 if fact.valid_to and len(fact.valid_to) == 7 else 0)))
