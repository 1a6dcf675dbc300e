"""How good a job description is: a score 0-100, red flags each quoting the words that raised
it, and what to change. Pure: the posting's text, what was read from it, and the O*NET job
zone of the occupation it resembles.

The wording lists come from published research rather than from the development postings:
masculine-coded words (Gaucher, Friesen & Kay 2011, "Evidence that gendered wording in job
advertisements exists and sustains gender inequality"), age-coded phrases as the U.S. EEOC's
guidance on age discrimination in job advertisements names them, and requirements that
exclude by origin or body rather than by skill."""

import re

from pydantic import BaseModel, Field

from .jobs import JobPosting

__all__ = ["QualityFlag", "QualityReport", "assess"]

_SALARY = re.compile(
    r"(?i)(?:[$€£¥₹]\s?\d|\d[\d,.]*\s?(?:k|usd|eur|gbp|inr)\b|\b(?:salary|pay|compensation|"
    r"wage)s?\b[^.\n]{0,40}\d|\bper (?:hour|year|annum|month)\b|\b(?:ctc|lpa)\b)"
)
_DUTIES = re.compile(
    r"(?i)\b(?:responsibilit(?:y|ies)|duties|you will|you'll|what you'?ll do|your role|"
    r"in this role|day[- ]to[- ]day|the role involves)\b"
)
_MASCULINE = re.compile(
    r"(?i)\b(?:rock ?stars?|ninjas?|gurus?|superstars?|aggressive(?:ly)?|dominant|dominate|"
    r"competitive|fearless|assertive|headstrong|ambitious|decisive|forceful|driven|"
    r"he/she|salesman|manpower|chairman|workmanlike)\b"
)
_AGE = re.compile(
    r"(?i)\b(?:young(?:er)?|youthful|digital natives?|recent (?:college )?graduates? only|"
    r"fresh blood|energetic young|(?:under|below|not older than|max(?:imum)? age)\s+\d{2}|"
    r"\d{2}\s*-\s*\d{2} years old|overqualified)\b"
)
_EXCLUSION = re.compile(
    r"(?i)\b(?:native (?:english |german |french )?speakers?|must be (?:a )?(?:male|female|"
    r"man|woman)|clean[- ]shaven|no (?:visible )?tattoos|(?:us|u\.s\.) citizens only|"
    r"married|unmarried|good[- ]looking|attractive)\b"
)
_LEVEL_YEARS = {"entry": 2, "mid": 7}
"""Most years an entry-level or mid-level posting can ask for before it is a senior job."""
_MAX_REQUIRED = {"entry": 8, "mid": 12, "senior": 16}
_PENALTY = {
    "no_salary": 15,
    "years_beyond_level": 15,
    "too_many_required": 10,
    "vague_duties": 15,
    "gendered_wording": 10,
    "age_coded_wording": 15,
    "exclusionary_requirement": 20,
    "degree_not_needed": 10,
}


class QualityFlag(BaseModel):
    code: str
    message: str
    quote: str | None = Field(default=None, description="the words that raised it")
    start: int | None = None
    end: int | None = None
    suggestion: str


class QualityReport(BaseModel):
    score: int = Field(description="0-100")
    flags: list[QualityFlag]
    suggestions: list[str]


def assess(text: str, job: JobPosting, seniority: str, job_zone: int | None) -> QualityReport:
    flags: list[QualityFlag] = []
    if not _SALARY.search(text):
        flags.append(
            QualityFlag(
                code="no_salary",
                message="no salary or pay range is given",
                suggestion="state the pay range: postings with one get more, and better-matched, "
                "applications",
            )
        )
    flags += _years(text, job, seniority)
    required = sorted({s.normalized or s.value for s in job.skills if s.required})
    limit = _MAX_REQUIRED[seniority]
    if len(required) > limit:
        flags.append(
            QualityFlag(
                code="too_many_required",
                message=f"{len(required)} required skills for a {seniority}-level job (more than "
                f"{limit} puts off qualified people who miss one)",
                quote=", ".join(required[: limit + 3]),
                suggestion="keep the skills the work cannot do without as required and mark the "
                "rest 'nice to have'",
            )
        )
    if not _DUTIES.search(text):
        flags.append(
            QualityFlag(
                code="vague_duties",
                message="the posting never says what the person will do",
                suggestion="add a 'What you will do' list of the main duties",
            )
        )
    for code, pattern, words in (
        ("gendered_wording", _MASCULINE, "masculine-coded wording discourages women from applying"),
        (
            "age_coded_wording",
            _AGE,
            "age-coded wording can exclude older applicants (and may be unlawful)",
        ),
        (
            "exclusionary_requirement",
            _EXCLUSION,
            "a requirement about who a person is rather than what they can do",
        ),
    ):
        for match in list(pattern.finditer(text))[:3]:
            flags.append(
                QualityFlag(
                    code=code,
                    message=words,
                    quote=match.group(),
                    start=match.start(),
                    end=match.end(),
                    suggestion=f"replace '{match.group()}' with the skill or behaviour you need",
                )
            )
    flags += _degree(text, job, job_zone)
    penalty = sum(_PENALTY[code] for code in {f.code for f in flags})
    return QualityReport(
        score=max(0, 100 - penalty),
        flags=flags,
        suggestions=list(dict.fromkeys(f.suggestion for f in flags)),
    )


def _years(text: str, job: JobPosting, seniority: str) -> list[QualityFlag]:
    most = _LEVEL_YEARS.get(seniority)
    if most is None or job.experience_min is None or job.experience_min <= most:
        return []
    found = re.search(rf"\b{job.experience_min}\s*\+?\s*(?:-\s*\d+\s*)?(?:years?|yrs?)", text)
    return [
        QualityFlag(
            code="years_beyond_level",
            message=f"{job.experience_min} years of experience asked for a {seniority}-level job",
            quote=found.group() if found else None,
            start=found.start() if found else None,
            end=found.end() if found else None,
            suggestion=f"ask for at most {most} years, or call the job senior",
        )
    ]


def _degree(text: str, job: JobPosting, job_zone: int | None) -> list[QualityFlag]:
    demanding = job.education in ("Bachelor's degree", "Master's degree", "Doctoral degree")
    if not demanding or job_zone is None or job_zone > 3:
        return []
    line = next(
        (m for m in re.finditer(r"[^\n]*\b(?:degree|bachelor|master|ph\.?d)\b[^\n]*", text, re.I)),
        None,
    )
    return [
        QualityFlag(
            code="degree_not_needed",
            message=f"a {job.education} is asked, but most people in this occupation work without "
            f"one (O*NET job zone {job_zone})",
            quote=line.group().strip() if line else None,
            start=line.start() if line else None,
            end=line.end() if line else None,
            suggestion="ask for the skills the degree stands for, or accept equivalent experience",
        )
    ]
