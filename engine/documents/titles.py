"""Job titles -> O*NET occupations, by the names O*NET gives each occupation."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from graph_schema.keys import name_key

__all__ = ["Occupation", "TitleIndex", "core_title"]

# Words that say how senior or where, not what the work is: "Senior", "Lead", "II", "(Remote)".
_QUALIFIERS = re.compile(
    r"\b(senior|sr|junior|jr|lead|principal|staff|chief|head|associate|assistant|trainee|intern|"
    r"i{1,3}|iv|[1-4]|remote|contract|part[- ]time|full[- ]time|temporary)\b\.?|\(.*?\)",
    re.IGNORECASE,
)


def core_title(title: str) -> str:
    """A title's first line without seniority and qualifiers ("Sr. Data Analyst II (Remote)"
    -> "Data Analyst")."""
    return " ".join(_QUALIFIERS.sub(" ", title.strip().split("\n")[0]).split())


@dataclass(frozen=True)
class Occupation:
    code: str
    title: str
    confidence: float


def _names(key: str, occupation: str) -> bool:
    return name_key(occupation) in (key, key + "s", key + "es")


class TitleIndex:
    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self._by_key: dict[str, tuple[str, str, float]] = {}
        # Titles several occupations share ("Data Analyst": Data Scientists, Business
        # Intelligence Analysts, Survey Researchers and six more) name none of them unless one
        # is named by it ("Registered Nurse" -> Registered Nurses, not Critical Care Nurses):
        # the title alone cannot say which, so the caller asks the search, which weighs meaning.
        self._shared: set[str] = set()
        for row in rows:
            key, weight = str(row["key"]), float(row["weight"])
            code, name = str(row["code"]), str(row["name"])
            if not key:
                continue
            current = self._by_key.get(key)
            if current is None:
                self._by_key[key] = (code, name, weight)
            elif code != current[0]:
                rank, held = _names(key, name), _names(key, current[1])
                if rank > held:
                    self._by_key[key] = (code, name, weight)
                    self._shared.discard(key)
                elif rank == held and not rank:
                    self._shared.add(key)
            elif weight > current[2]:  # the same occupation by a stronger row
                self._by_key[key] = (code, name, weight)

    def __len__(self) -> int:
        return len(self._by_key)

    def _key(self, key: str) -> str | None:
        """The key as indexed, or its plural: occupations are named in the plural
        ("Registered Nurses")."""
        if not key:
            return None
        return key if key in self._by_key else key + "s" if key + "s" in self._by_key else None

    def _get(self, key: str) -> tuple[str, str, float] | Literal[False] | None:
        """The occupation a title names; False when it is a title several share."""
        found = self._key(key)
        if found is None:
            return None
        return False if found in self._shared else self._by_key[found]

    def is_title(self, text: str) -> bool:
        """The text as a whole is a job title ("Adjunct Instructor", "Intern")."""
        return self._key(name_key(text)) is not None

    def occupation(self, title: str) -> Occupation | None:
        """The occupation a title names: as written, then without seniority and qualifiers,
        then by its longest run of words that is a title ("Manager Masters equipments").
        A title several occupations share names none (None): the search decides.
        """
        first_line = title.strip().split("\n")[0]
        for text, factor in ((first_line, 1.0), (core_title(first_line), 0.95)):
            hit = self._get(name_key(text))
            if hit is False:
                return None
            if hit:
                return Occupation(hit[0], hit[1], round(hit[2] * factor, 3))
        words = re.findall(r"[A-Za-z][A-Za-z+#.&/-]*", _QUALIFIERS.sub(" ", first_line))
        for n in range(min(len(words), 5) - 1, 0, -1):
            for i in range(len(words) - n + 1):
                hit = self._get(name_key(" ".join(words[i : i + n])))
                if hit and (n > 1 or len(words) == 2):
                    return Occupation(hit[0], hit[1], round(hit[2] * 0.8, 3))
        return None
