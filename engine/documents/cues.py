"""What a CV and a job description write differently, read without relying on line breaks
(ATS exports and pasted forms collapse them): contact details, date ranges of roles and
first-person verbs on one side; second person, "we", requirement and hiring language on the
other. Each family is counted per thousand characters; a learned weighting of these and the
embedding's view decides between the two (`classify.py`)."""

import math
import re

__all__ = ["CUE_FAMILIES", "cue_features"]

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WHEN = rf"(?:{_MONTH}\s*'?\d{{2,4}}|\d{{1,2}}[/.-](?:19|20)\d\d|(?:19|20)\d\d)"

CUE_FAMILIES: dict[str, re.Pattern[str]] = {
    # a person's own document
    "email": re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"),
    "phone": re.compile(r"(?<!\d)(?:\+?\d[\d ().-]{8,}\d)(?!\d)"),
    "profile_link": re.compile(r"\b(?:linkedin\.com/in|github\.com)/", re.I),
    "date_range": re.compile(
        rf"\b{_WHEN}\s*(?:-|–|—|to|till|until)\s*(?:{_WHEN}|present|current|now|date|today)\b",
        re.I,
    ),
    "first_person": re.compile(r"\b(?:I|I'm|I've|my|me|myself)\b"),
    "past_action": re.compile(
        r"\b(?:developed|designed|implemented|managed|led|built|created|worked|handled|"
        r"coordinated|achieved|delivered|maintained|improved|responsible for|involved in)\b",
        re.I,
    ),
    "cv_heading": re.compile(
        r"\b(?:curriculum vitae|resume|objective|career objective|personal (?:details|profile)|"
        r"education(?:al)? (?:details|qualifications?)|academic|projects?|certifications?|"
        r"declaration|hobbies|languages known|date of birth|nationality|marital status)\b",
        re.I,
    ),
    "degree": re.compile(
        r"\b(?:b\.?\s?tech|m\.?\s?tech|b\.?e\.?|b\.?sc|m\.?sc|mba|bca|mca|bachelor|master|"
        r"university|college|institute|cgpa|gpa|percentage)\b",
        re.I,
    ),
    # a job on offer
    "second_person": re.compile(r"\b(?:you|your|you'll|you're|you've|yourself)\b", re.I),
    "we": re.compile(r"\b(?:we|we're|we've|our|us|join)\b", re.I),
    "requirement": re.compile(
        r"\b(?:requirements?|qualifications?|responsibilities|required|must have|must be|"
        r"nice to have|good to have|preferred|desired|desirable|ideal candidate|"
        r"the candidate|successful candidate|should have|ability to|experience (?:with|in) "
        r"(?:at least|a)|is a plus|a plus|bonus)\b",
        re.I,
    ),
    "years_required": re.compile(
        r"\b(?:minimum|at least|min\.?)\s+\d+\+?\s*(?:years?|yrs)|\d+\+\s*(?:years?|yrs)", re.I
    ),
    "hiring": re.compile(
        r"\b(?:apply|applicants?|hiring|benefits|salary|compensation|equal opportunity|"
        r"job (?:type|summary|description|title)|full[- ]time|part[- ]time|remote|hybrid|"
        r"position|vacancy|opening|we offer|perks|employer|reports? to|about (?:us|the role))\b",
        re.I,
    ),
    "future_duty": re.compile(r"\b(?:will be|will work|will have|will lead|you will|will)\b", re.I),
    # duties as task statements: "Maintains staff by recruiting ...", "Develops reports"
    "present_duty": re.compile(
        r"(?:^|[.;•·▪●\n]\s*)[A-Z][a-z]{3,}(?:es|s)\s+(?:the\s+|a\s+|an\s+)?[a-z]{3,}"
    ),
}


def cue_features(text: str) -> list[float]:
    """log(1 + occurrences per thousand characters), one per family, in CUE_FAMILIES order."""
    per = 1000 / max(len(text), 500)
    return [math.log1p(len(p.findall(text)) * per) for p in CUE_FAMILIES.values()]
