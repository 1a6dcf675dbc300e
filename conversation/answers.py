"""What an answer says, by its shape: yes, no or skip (and how hedged), a duration, dates, the
items picked from a list. The document extractors read the rest (skills, roles, numbers)."""

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = ["Polarity", "ReadAnswer", "read_answer"]


class Polarity(StrEnum):
    YES = "yes"
    NO = "no"
    SKIP = "skip"
    UNSAID = "unsaid"
    """neither yes nor no: the answer just talks"""


@dataclass
class ReadAnswer:
    text: str
    polarity: Polarity
    hedged: bool = False
    """'a bit', 'kind of': a weak yes"""
    months: int | None = None
    start: str | None = None
    """ISO year or year-month the answer says something began"""
    end: str | None = None
    """... and ended (None: not said, or still going)"""
    picked: list[str] = field(default_factory=list)
    """the choices named (in the order offered)"""
    none_picked: bool = False


_SKIP = re.compile(
    r"^\s*(skip|pass|next( question)?|no idea|(i'?d |i would )?rather not( say)?|"
    r"(i'?d )?prefer not to( say)?|"
    r"(i )?(don'?t|do not) know|not sure|dunno|-+|\?+|n/?a)\s*[.!]*\s*$",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\s*(no|nope|nah|never|none( of (them|these))?|not really|not at all|i (have not|haven'?t)|"
    r"i (did not|didn'?t)|i (do not|don'?t)|not yet|negative|wrong|incorrect|that'?s wrong)\b",
    re.IGNORECASE,
)
_YES = re.compile(
    r"^\s*(yes|yeah|yep|yup|sure|definitely|absolutely|of course|correct|right|that'?s right|"
    r"i (have|did|do|used|use)|indeed|affirmative|ok(ay)?|all of (them|these)|all)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(a (little )?bit|a little|somewhat|sort of|kind of|kinda|some|briefly|basic|"
    r"not much|barely|only once|a couple of times)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "couple": 2,
    "a couple": 2,
    "few": 3,
    "a few": 3,
    "several": 3,
}
_AMOUNT = r"(?P<n>\d+(?:[.,]\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_DURATION = re.compile(
    rf"\b{_AMOUNT}(?P<half>\s+and\s+a\s+half)?(?:\s+of)?\s+(?P<unit>years?|yrs?|months?|mos?|"
    r"weeks?)\b(?P<half_after>\s+and\s+a\s+half)?",
    re.IGNORECASE,
)
_HALF_YEAR = re.compile(r"\bhalf an? year\b", re.IGNORECASE)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_WHEN = (
    r"(?:(?P<{p}m>" + "|".join(_MONTHS) + r")[a-z]*\.?\s+|(?P<{p}n>0?[1-9]|1[0-2])/)?"
    r"(?P<{p}y>(?:19|20)\d\d)(?:-(?P<{p}k>0[1-9]|1[0-2])\b)?"
)
"""A year, with its month written out ("March 2019", "Mar. 2019") or in numbers ("03/2019",
"2019-03")"""
_RANGE = re.compile(
    r"\b(?:from\s+)?"
    + _WHEN.format(p="a")
    + r"\s*(?:-|\u2013|to|until|till)\s*(?:"
    + _WHEN.format(p="b")
    + r"|(?P<now>now|present|today|current(?:ly)?))\b",
    re.IGNORECASE,
)
_SINCE = re.compile(r"\b(?:since|from)\s+" + _WHEN.format(p="a") + r"\b", re.IGNORECASE)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}


def read_answer(
    text: str, choices: list[str] | None = None, today: date | None = None
) -> ReadAnswer:
    """The answer's shapes; `choices` are the items a question offered."""
    today = today or date.today()
    clean = " ".join(text.split())
    if not clean or _SKIP.match(clean):
        return ReadAnswer(clean, Polarity.SKIP)
    polarity = (
        Polarity.NO if _NO.match(clean) else Polarity.YES if _YES.match(clean) else Polarity.UNSAID
    )
    found = ReadAnswer(clean, polarity, hedged=bool(_HEDGE.search(clean)))
    _read_dates(found, today)
    if found.months is None:
        found.months = _duration(clean)
    if choices:
        _pick(found, choices)
    if found.polarity is Polarity.UNSAID and (
        found.months or found.start or found.picked or found.hedged
    ):
        found.polarity = Polarity.YES  # "three years at Acme" says yes
    return found


def _duration(text: str) -> int | None:
    text = _HALF_YEAR.sub("6 months", text)
    total = 0.0
    for m in _DURATION.finditer(text):
        raw = m["n"].lower()
        amount = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else float(raw.replace(",", "."))
        amount += 0.5 if m["half"] or m["half_after"] else 0.0
        unit = m["unit"].lower()
        total += amount * (12 if unit.startswith("y") else 1 if unit.startswith("m") else 0.25)
    return max(1, round(total)) if total else None


def _month(m: re.Match[str], p: str) -> int | None:
    if m[f"{p}m"]:
        return _MONTHS.index(m[f"{p}m"][:3].lower()) + 1
    number = m[f"{p}n"] or m[f"{p}k"]
    return int(number) if number else None


def _iso(year: str, month: int | None) -> str:
    return f"{year}-{month:02d}" if month else year


def _read_dates(found: ReadAnswer, today: date) -> None:
    now = today.year * 12 + today.month - 1
    m = _RANGE.search(found.text)
    if m:
        start_month = _month(m, "a")
        found.start = _iso(m["ay"], start_month)
        begin = int(m["ay"]) * 12 + (start_month or 1) - 1
        if m["now"]:
            end = now
        else:
            end_month = _month(m, "b")
            found.end = _iso(m["by"], end_month)
            end = int(m["by"]) * 12 + (end_month or 12) - 1
        if end >= begin:
            found.months = max(1, end - begin + (0 if m["now"] else 1))
        return
    m = _SINCE.search(found.text)
    if m:
        start_month = _month(m, "a")
        found.start = _iso(m["ay"], start_month)
        begin = int(m["ay"]) * 12 + (start_month or 1) - 1
        if now >= begin:
            found.months = max(1, now - begin)


def _pick(found: ReadAnswer, choices: list[str]) -> None:
    lowered = found.text.lower()
    if re.match(r"^\s*(none|neither|no(ne)? of (them|these)|nothing)\b", lowered):
        found.none_picked = True
        return
    if re.match(r"^\s*(all|both|all of (them|these)|every one)\b", lowered):
        found.picked = list(choices)
        return
    picked = set()
    for i, choice in enumerate(choices):
        if re.search(r"(?<![\w+#.])" + re.escape(choice.lower()) + r"(?![\w+#])", lowered):
            picked.add(i)
    for word, n in _ORDINALS.items():
        if re.search(rf"\bthe {word}( one)?\b", lowered):
            picked.add(n - 1 if n > 0 else len(choices) - 1)
    for number in re.findall(r"(?<![\d.])(\d)(?![\d.]|\s*(?:years?|months?|yrs?))", lowered):
        if 1 <= int(number) <= len(choices) and len(choices) > 1:
            picked.add(int(number) - 1)
    found.picked = [choices[i] for i in sorted(picked) if 0 <= i < len(choices)]
