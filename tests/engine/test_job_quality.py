"""A job description's quality report: red flags that quote the words that raised them."""

from engine.documents.job_quality import assess
from engine.documents.jobs import JobPosting, JobSkill


def posting(skills: int = 3, **fields: object) -> JobPosting:
    base: dict[str, object] = {
        "title": "Backend Engineer", "occupation_code": "15-1252.00", "occupation": None,
        "experience_min": None, "experience_max": None, "education": None, "location": None,
        "work_arrangement": None,
        "skills": [JobSkill(value=f"Skill {i}", normalized=f"Skill {i}", onet_id=None,
                            required=True, confidence=0.9, page=1, start=0, end=1, text="x")
                   for i in range(skills)],
    }  # fmt: skip
    return JobPosting(**(base | fields))  # type: ignore[arg-type]


GOOD = """Backend Engineer
Salary: $120,000 - $140,000 per year.
What you will do: design and run payment services with Python and PostgreSQL.
Requirements: 3+ years of experience with Python.
"""
BAD = """Junior Rockstar Developer
We want a young, energetic ninja who is a native English speaker.
Requirements: 6+ years of experience. Bachelor's degree required.
"""


def test_a_clear_posting_scores_high_and_raises_nothing() -> None:
    report = assess(GOOD, posting(experience_min=3), "mid", 4)
    assert report.score == 100 and report.flags == []


def test_each_problem_is_flagged_with_its_words_and_a_fix() -> None:
    job = posting(skills=12, title="Junior Rockstar Developer", experience_min=6,
                  education="Bachelor's degree")  # fmt: skip
    report = assess(BAD, job, "entry", 2)
    codes = {f.code for f in report.flags}
    assert codes == {
        "no_salary", "vague_duties", "years_beyond_level", "too_many_required",
        "gendered_wording", "age_coded_wording", "exclusionary_requirement",
        "degree_not_needed",
    }  # fmt: skip
    quotes = {f.code: f.quote for f in report.flags if f.quote}
    assert quotes["years_beyond_level"] == "6+ years"
    assert quotes["exclusionary_requirement"] == "native English speaker"
    for flag in report.flags:
        if flag.start is not None:
            assert BAD[flag.start : flag.end] == flag.quote
        assert flag.suggestion
    assert report.score == 0 and report.suggestions


def test_a_degree_is_fine_where_the_occupation_needs_one() -> None:
    report = assess(GOOD, posting(education="Bachelor's degree"), "mid", 4)
    assert "degree_not_needed" not in {f.code for f in report.flags}
