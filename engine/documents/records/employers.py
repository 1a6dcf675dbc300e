"""Employers: the name after or beside a title (for dated entries and elsewhere), the tagger's
employer spans outside dated entries, organisation names with a company suffix, and "worked
at / joined / intern with" followed by a capitalised name.

Every candidate must read as an organisation name: capitalised, not an ordinary English word
on its own ("Software", "group"), not a place ("Kolkata", "Chicago, IL": GeoNames), not a
month, not a job title on its own ("Adjunct Instructor"), not a client named after "Client:",
not a school the education part already took, not a title or a skill the page already holds.
"""

import re

from graph_schema.keys import name_key

from ..dates import find_date_ranges
from ..fact_types import Fact
from ..linking import COMMON_PROSE, FUNCTION_WORD, zipf
from ..places import is_place
from ..tagger import TaggedSpan
from ._base import PageBase, _clean, _company

__all__ = ["EmployerReading"]

# A name's words are one space apart (a wider gap is a new field in collapsed text) and are
# no month ("Apple  August 2014").
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
_NAME = rf"[A-Z][\w&'.-]*(?: (?!{_MONTH})(?:&|and|of|de|[A-Z][\w&'.-]*)){{0,5}}"
# A legal form makes a name a company ("Technologies", "Systems" also end course names).
_SUFFIX = re.compile(
    rf"\b{_NAME},?[ \t]+(?:Ltd|Limited|Inc|LLC|LLP|Corp|Corporation|Pvt\.?[ \t]+Ltd|"
    r"Private Limited|GmbH|AG|PLC|Plc|Co\.?[ \t]+Ltd|Company)\b\.?"
)
# "worked at Acme", "joined Initech", "intern with Globex"; a bare "at" or "for" is too often
# followed by a place, an event or a product.
_AFTER_WORD = re.compile(
    r"\b(?:worked|working|work|employed|interned|internship|intern|joined|job|career)"
    rf"[ \t]+(?:at|for|with|by|in)?[ \t]*(?P<name>{_NAME})"
)
_SCHOOL = re.compile(r"\b(?:University|College|School|Institute|Academy|Polytechnic)\b")
_AFTER_TITLE = re.compile(rf"[ \t]*(?:,|\bat\b|@|\||-|–|—)[ \t]*(?P<name>{_NAME})")
_CLIENT = re.compile(r"(?i)\b(?:clients?|customers?)\s*[:\-]\s*[^:\n]{0,80}$")
_BESIDE_TITLE = 0.5
_NOT_WORK = {"skills", "education", "certifications", "requirements", "preferred"}
_TAGGED = 0.6
_SUFFIXED = 0.6
_AFTER = 0.45


class EmployerReading(PageBase):
    def _other_employers(self, known: list[Fact]) -> None:
        """Employer facts for names outside the dated entries (`known` holds those)."""
        taken = [(f.evidence.start, f.evidence.end) for f in known]
        taken += [(s.start, s.end) for s in self.spans if s.label in ("role", "degree")]
        seen = {f.identity for f in known if f.kind == "employer"}
        for start, end, confidence in self._candidates():
            name = _clean(self.text[start:end])
            if (
                self._skip_header(start)
                or any(a < end and start < b for a, b in taken)
                or not _organisation(name)
                or not self._employer_name(start, name)
                or name_key(name) in seen
                or self.section(start) in _NOT_WORK
            ):
                continue
            seen.add(name_key(name))
            taken.append((start, end))
            self._fact("employer", start, end, confidence, value=name, normalized=name,
                       identity=name_key(name))  # fmt: skip

    def _employer_name(self, start: int, name: str) -> bool:
        """Whether a name at `start` can be whom the person worked for: not a place, a month
        or a job title on its own, and not a client ("Client: Pfizer Inc, AstraZeneca")."""
        line_start = self._line(start)[0]
        return not (
            is_place(name)
            or _prose(name)
            or (_common_word(name) and not self.vocabulary.is_vendor(name))
            or re.fullmatch(rf"{_MONTH}\.?", name) is not None
            or self.titles.is_title(name)
            or _CLIENT.search(self.text[max(line_start, start - 80) : start]) is not None
        )

    def _candidates(self) -> list[tuple[int, int, float]]:
        found = [
            (s.start, s.end, s.confidence * _TAGGED) for s in self.spans if s.label == "employer"
        ]
        found += [(m.start(), m.end(), _SUFFIXED) for m in _SUFFIX.finditer(self.text)]
        found += [(m.start("name"), m.end("name"), _AFTER) for m in _AFTER_WORD.finditer(self.text)]
        for role in (s for s in self.spans if s.label == "role"):
            after = self._employer_after(role)
            if after is not None:
                found.append((after.start, after.end, after.confidence))
        return sorted(found, key=lambda c: -c[2])

    def _employer_after(self, role: TaggedSpan) -> TaggedSpan | None:
        """ "Title, Employer, City", "Title at Employer", "Title | Employer": the name right
        after the title."""
        match = _AFTER_TITLE.match(self.text, role.end)
        if (
            match is None
            or not _company(match["name"])
            or not self._employer_name(match.start("name"), _clean(match["name"]))
        ):
            return None
        return TaggedSpan("employer", match.start("name"), match.end("name"), _BESIDE_TITLE)

    def _employer_beside(self, role: TaggedSpan, roles: list[TaggedSpan]) -> TaggedSpan | None:
        """ "Initech\nSenior Engineer\n2019 - 2021" or "Senior Engineer\nInitech - Austin, TX":
        a short capitalised line just above or below the title that is no title or date."""
        line_start, line_end = self._line(role.start)
        above = self._line(max(line_start - 1, 0)) if line_start > 0 else None
        below = self._line(line_end + 1) if line_end + 1 < len(self.text) else None
        for where in (above, below):
            if where is None:
                continue
            start, end = where
            text = self.text[start:end]
            name = re.match(
                r"\s*(?:[•\-*·▪●]\s*)?([^,|–—(\n]{2,60}?)\s*(?:[,|–—(]|\s-\s|\s-$|$)", text
            )
            if (
                name is None
                or any(start <= s.start < end for s in roles)
                or find_date_ranges(text, self.today)
                or any(c.isdigit() for c in name.group(1))
                or len(name.group(1).split()) > 6
                or not _organisation(name.group(1))
                or not self._employer_name(start + name.start(1), _clean(name.group(1)))
            ):
                continue
            return TaggedSpan("employer", start + name.start(1), start + name.end(1), 0.5)
        return None


def _prose(name: str) -> bool:
    """Words of a sentence, not a name: names capitalise all but their small words ("Bank of
    America"); "Wrote SQL reports and Python jobs" has two lower-case content words."""
    lower = [w for w in re.findall(r"[^\W\d_]+", name) if w.islower()]
    return sum(zipf(w) < FUNCTION_WORD for w in lower) >= 2


def _common_word(name: str) -> bool:
    words = name.split()
    return len(words) == 1 and zipf(name.lower()) >= COMMON_PROSE


def _organisation(name: str) -> bool:
    words = name.split()
    if not words or len(name) < 2 or len(words) > 8:
        return False
    if not any(w[:1].isupper() for w in words) or _SCHOOL.search(name):
        return False
    if _common_word(name):
        return False  # "Software", "Group", "Part": a word, not a name
    return not re.fullmatch(r"(?i)(i{1,3}|iv|v|inc|ltd|llc|co)\.?", words[0])
