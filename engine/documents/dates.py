"""Date ranges as CVs write them ("May 2017 to Present", "03/2019 - 11/2021", "2015-2018")."""

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["DateRange", "find_date_ranges", "months_between"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_DATE = (
    rf"(?:{_MONTH}\s*'?,?\s*{_YEAR}|(?:0?[1-9]|1[0-2])\s*[/.]\s*{_YEAR}"
    rf"|{_YEAR}\s*-\s*(?:0[1-9]|1[0-2])\b|{_YEAR})"
)
_NOW = r"(?:present|current(?:ly)?|now|today|till\s+date|to\s+date|ongoing)"
_RANGE = re.compile(
    rf"(?<![\w/])(?P<start>{_DATE})\s*(?:-|–|—|to|until|till|through)\s*"
    rf"(?P<end>{_DATE}|{_NOW})(?![\w/])",
    re.IGNORECASE,
)

# Two-column layouts put "2017 –" before the title and "Present" at the start of the next line.
_SPLIT_RANGE = re.compile(
    rf"^(?P<start>{_DATE})\s*(?:-|–|—)[ \t]+[^\n]+\n(?P<end>{_DATE}|{_NOW})(?![\w/])",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class DateRange:
    start: int
    end: int
    text: str
    valid_from: str
    """ISO year-month ("2017-05"), or the year alone when the text gives no month."""
    valid_to: str | None
    """None while the range runs to the present."""
    months: int


def _parse(text: str) -> tuple[int, int, bool]:
    """(year, month, month_known)."""
    text = text.lower().strip()
    year = int(re.search(_YEAR, text).group(0))  # type: ignore[union-attr]
    named = re.match(r"[a-z]{3}", text)
    if named:
        return year, _MONTHS[named.group(0)], True
    numbers = [int(n) for n in re.findall(r"\d+", text) if len(n) <= 2]
    return (year, numbers[0], True) if numbers else (year, 1, False)


def _iso(year: int, month: int, known: bool) -> str:
    return f"{year:04d}-{month:02d}" if known else f"{year:04d}"


def months_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    return max(0, (end[0] - start[0]) * 12 + end[1] - start[1])


def find_date_ranges(text: str, today: date) -> list[DateRange]:
    found: list[DateRange] = []
    matches = sorted(
        [*_RANGE.finditer(text), *_SPLIT_RANGE.finditer(text)], key=lambda m: m.start()
    )
    for match in matches:
        if found and match.start() < found[-1].end:
            continue
        year, month, known = _parse(match.group("start"))
        end_text = match.group("end")
        if re.fullmatch(_NOW, end_text.strip(), re.IGNORECASE):
            end, to, inclusive = (today.year, today.month), None, 1
        else:
            end_year, end_month, end_known = _parse(end_text)
            end, inclusive = (end_year, end_month), int(known and end_known)
            to = _iso(end_year, end_month, end_known)
        if end < (year, month):
            continue  # "2019 - 2017" is not a range
        found.append(
            DateRange(
                match.start(),
                match.end(),
                match.group(0),
                _iso(year, month, known),
                to,
                months_between((year, month), end) + inclusive,
            )
        )
    return found
