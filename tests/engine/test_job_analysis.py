"""What a job description's text says about the experience it asks for."""

import pytest

from engine.documents.jobs import describe_job
from engine.documents.text import ExtractedText, Page
from engine.documents.titles import TitleIndex


def years(text: str) -> tuple[int | None, int | None]:
    job = describe_job(ExtractedText([Page(1, text)], "txt"), [], TitleIndex([]))
    return job.experience_min, job.experience_max


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Requirements: 3+ years of experience with Python.", (3, None)),
        ("3-5 years of professional experience building web services.", (3, 5)),
        ("Experience: Minimum 1 year as project manager", (1, None)),
        ("Experience required: at least 2 to 4 years in retail.", (2, 4)),
        ("Experience: 5+ yrs in logistics", (5, None)),
        ("We value experience. Founded 25 years ago.", (None, None)),
        ("Experience with 3 cloud providers is a plus.", (None, None)),
    ],
)
def test_experience_asked_is_read_before_or_after_the_word(
    text: str, expected: tuple[int | None, int | None]
) -> None:
    assert years(text) == expected
