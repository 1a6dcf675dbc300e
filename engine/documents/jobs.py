"""A job description read as a Job: title, required and preferred skills, experience range,
education, location and work arrangement."""

import re

from pydantic import BaseModel

from .facts import Fact
from .records import degree_level
from .text import ExtractedText
from .titles import TitleIndex

__all__ = ["JobPosting", "JobSkill", "QuotedRequirement", "describe_job"]

_YEARS = re.compile(
    r"(?P<low>\d{1,2})\s*(?:\+|(?:-|–|to)\s*(?P<high>\d{1,2}))?\s*\+?\s*(?:years?|yrs?)\b"
    r"(?:\s+of)?(?:\s+\w+){0,4}?\s+(?:experience|exp\b)",
    re.IGNORECASE,
)
# "Experience: Minimum 1 year as project manager", "Experience required: at least 3-5 years"
_YEARS_AFTER = re.compile(
    r"\bexperience\b(?:\s+required)?\s*(?:[:\-–]|of)?\s*(?:a\s+)?"
    r"(?:minimum(?:\s+of)?|at\s+least|min\.?)?\s*"
    r"(?P<low>\d{1,2})\s*(?:\+|(?:-|–|to)\s*(?P<high>\d{1,2}))?\s*\+?\s*(?:years?|yrs?)\b",
    re.IGNORECASE,
)
# "Location: Berlin", "Job location - Austin, TX"; a collapsed text ends the value at the next
# field ("Salary:") or a separator.
_LOCATION = re.compile(
    r"\b(?i:job location|work location|location|based in|located in|office location|city)"
    r"\s*[:\-–]?\s*(?P<place>[A-Z][^\n|•;:()]{1,60}?)"
    r"(?=\s*(?:\n|\||•|;|\(|$|\s{2,}|\.\s|\s+[A-Z][\w ]{1,20}:))",
)
_ARRANGEMENTS = (
    ("on_site", re.compile(r"\b(?:not|no|non)[- ]remote\b|\bremote work is not\b", re.I)),
    ("hybrid", re.compile(r"\bhybrid\b", re.I)),
    ("remote", re.compile(
        r"\b(?:fully remote|remote[- ]first|remote(?:ly)?|work from home|work from anywhere|"
        r"wfh|telecommut\w*|home[- ]based|distributed team)\b", re.I)),
    ("on_site", re.compile(
        r"\b(?:on[- ]?site|in[- ]office|in the office|office[- ]based)\b", re.I)),
)  # fmt: skip
# Requirement strength, said on the requirement's own line or sentence, or in the heading of
# the list it is in: "good to have", "nice-to-have", "bonus", "X is a plus", "preferred",
# "ideally", "desirable", "an advantage".
_PREFERRED = re.compile(
    r"\b(?:preferred|preferably|prefer|nice[- ]to[- ]haves?|good[- ]to[- ]haves?|bonus(?: points)?|"
    r"(?:is |are |would be |a )?(?:big |huge )?plus(?:es)?|desirable|desired|ideally|"
    r"(?:an |is an )?advantage(?:ous)?|optional|not required|would be (?:great|nice)|"
    r"extra credit)\b",
    re.I,
)
_REQUIRED = re.compile(
    r"\b(?:required|requirements?|must(?: have)?|minimum|mandatory|essential|need to have|"
    r"qualifications)\b",
    re.I,
)
_HEADING = re.compile(r"^\s*[^\n]{2,60}:\s*$|^\s*[A-Z][A-Za-z' /&-]{2,40}\s*$")
_CLAUSE = re.compile(r"[.;•\n]")
_BULLET = re.compile(r"^\s*(?:[-•*·▪●◦–]|\d+[.)])\s*")
_TITLE_LINE = re.compile(
    r"^\s*(?:job title|title|position|role|job description)\s*[:\-–]\s*(.{2,80})$", re.I | re.M
)
# "We are looking for a Senior Backend Engineer to join ...": the title a sentence hires for.
_SOUGHT = re.compile(
    r"\b(?:looking for|seeking|hiring|recruiting)\s+(?:an?\s+)?"
    r"((?:[A-Z][\w+#/.&-]*\s+){0,5}[A-Z][\w+#/.&-]*)"
)
# The words a job title ends on: what the work is called, in any field.
_TITLE_HEADS = frozenset(
    [
        "manager",
        "engineer",
        "developer",
        "analyst",
        "teacher",
        "scientist",
        "designer",
        "director",
        "specialist",
        "consultant",
        "coordinator",
        "officer",
        "assistant",
        "administrator",
        "architect",
        "programmer",
        "technician",
        "writer",
        "editor",
        "accountant",
        "nurse",
        "executive",
        "representative",
        "associate",
        "intern",
        "tester",
        "strategist",
        "owner",
        "head",
        "president",
        "instructor",
        "tutor",
        "clerk",
        "agent",
        "operator",
        "supervisor",
        "planner",
        "researcher",
        "lead",
        "lawyer",
        "attorney",
        "paralegal",
        "counsel",
        "advisor",
        "counselor",
        "therapist",
        "pharmacist",
        "physician",
        "chef",
        "cook",
        "driver",
        "mechanic",
        "electrician",
        "buyer",
        "recruiter",
    ]
)


class QuotedRequirement(BaseModel):
    """A skill a posting asks for, with the words that ask for it."""

    required: bool
    confidence: float
    page: int
    start: int
    end: int
    text: str


class JobSkill(QuotedRequirement):
    value: str
    normalized: str | None
    onet_id: str | None


class JobPosting(BaseModel):
    title: str | None
    occupation_code: str | None
    occupation: str | None
    skills: list[JobSkill]
    experience_min: int | None
    experience_max: int | None
    education: str | None
    location: str | None
    work_arrangement: str | None
    """remote, hybrid or on_site; None when the text does not say."""


def describe_job(text: ExtractedText, facts: list[Fact], titles: TitleIndex) -> JobPosting:
    body = text.text
    title = _title(body, facts)
    occupation = titles.occupation(title) if title else None
    skills = [
        JobSkill(
            value=f.value,
            normalized=f.normalized,
            onet_id=f.onet_id,
            required=f.evidence_kind != "preferred"
            and not _preferred_context(text, f.evidence.page, f.evidence.start),
            confidence=f.confidence,
            **f.evidence.model_dump(include={"page", "start", "end", "text"}),
        )
        for f in facts
        if f.kind == "skill"
    ]
    low, high = _experience(body)
    location = _LOCATION.search(body)
    return JobPosting(
        title=title,
        occupation_code=occupation.code if occupation else None,
        occupation=occupation.title if occupation else None,
        skills=skills,
        experience_min=low,
        experience_max=high,
        education=_education(body),
        location=location.group("place").strip(" ,-") if location else None,
        work_arrangement=next((name for name, p in _ARRANGEMENTS if p.search(body)), None),
    )


def _title(body: str, facts: list[Fact]) -> str | None:
    """The posting's title: a labelled line, else a first line that reads as a title, else
    the role a sentence hires for, else the first role mentioned."""
    labelled = _TITLE_LINE.search(body)
    if labelled:
        return labelled.group(1).strip()
    first = next((line.strip() for line in body.split("\n") if line.strip()), "")
    if _reads_as_title(first):
        # "Lead Technical Program Manager, Site Reliability Engineering": the title, then the team
        head = first.split(",")[0].strip()
        return head if _reads_as_title(head) else first
    sought = _SOUGHT.search(body[:1000])
    if sought and _reads_as_title(sought.group(1)):
        return sought.group(1)
    roles = [f for f in facts if f.kind == "role"]
    if roles:
        return min(roles, key=lambda f: (f.evidence.page, f.evidence.start)).value
    return first if first and len(first) <= 80 else None


def _reads_as_title(text: str) -> bool:
    """A short line without a sentence in it, ending on what a job is called."""
    words = re.findall(r"[A-Za-z][A-Za-z+#.&-]*", re.sub(r"\(.*?\)|[-–,/].*$", "", text))
    if not words or len(words) > 8 or len(text) > 80 or re.search(r"[.!?]\s", text + " "):
        return False
    head = words[-1].lower().rstrip(".")
    return head in _TITLE_HEADS or head.rstrip("s") in _TITLE_HEADS


def _experience(body: str) -> tuple[int | None, int | None]:
    found = [
        (int(m.group("low")), int(m.group("high")) if m.group("high") else None)
        for pattern in (_YEARS, _YEARS_AFTER)
        for m in pattern.finditer(body)
        if int(m.group("low")) <= 40
    ]
    if not found:
        return None, None
    low = min(f[0] for f in found)
    highs = [f[1] for f in found if f[1] is not None]
    return low, max(highs) if highs else None


def _education(body: str) -> str | None:
    for line in body.split("\n"):
        if re.search(r"\b(degree|bachelor|master|ph\.?d|diploma|b\.?s\.?|m\.?s\.?)\b", line, re.I):
            level = degree_level(line)
            if level:
                return level
    return None


def _preferred_context(text: ExtractedText, page: int, start: int) -> bool:
    """ "Good to have: Go", "Kafka is a plus", "ideally Rust": said in the mention's own clause
    or line, or in the heading of the list it is in ("Nice to have:" over bullet lines)."""
    page_text = text.pages[page - 1].text
    before = [m.end() for m in _CLAUSE.finditer(page_text, max(0, start - 200), start)]
    after = _CLAUSE.search(page_text, start, start + 200)
    clause = page_text[before[-1] if before else max(0, start - 200) :
                       after.start() if after else start + 200]  # fmt: skip
    # "Good to have: Kafka, Go" written on one line: the words before the colon head the list
    head = clause.split(":")[0] if ":" in clause[: start - (before[-1] if before else 0)] else ""
    if _PREFERRED.search(clause) or _PREFERRED.search(head):
        return True
    line_start = page_text.rfind("\n", 0, start) + 1
    line_end = page_text.find("\n", start)
    line = page_text[line_start : len(page_text) if line_end < 0 else line_end]
    if _REQUIRED.search(clause) or (len(line) > 80 and not _BULLET.match(line)):
        return False  # said to be required, or running prose rather than a list item
    above = page_text[max(0, line_start - 1500) : max(0, line_start - 1)]
    for line in reversed(above.split("\n")[-15:]):
        if not line.strip():
            return False  # a blank line ends the list
        if _HEADING.match(line) and not line.lstrip().startswith(("-", "•", "*", "·")):
            return bool(_PREFERRED.search(line)) and not _REQUIRED.search(line)
    return False
