"""Job titles -> O*NET occupations, by the names O*NET gives each occupation."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph_schema.keys import name_key

__all__ = ["Occupation", "TitleIndex"]

# Words that say how senior or where, not what the work is: "Senior", "Lead", "II", "(Remote)".
_QUALIFIERS = re.compile(
    r"\b(senior|sr|junior|jr|lead|principal|staff|chief|head|associate|assistant|trainee|intern|"
    r"i{1,3}|iv|[1-4]|remote|contract|part[- ]time|full[- ]time|temporary)\b\.?|\(.*?\)",
    re.IGNORECASE,
)


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
        for row in rows:
            key, weight = str(row["key"]), float(row["weight"])
            name = str(row["name"])
            current = self._by_key.get(key)
            # A title several occupations share goes to the one whose own name it is
            # ("Registered Nurse" -> Registered Nurses, not Critical Care Nurses).
            if key and (
                current is None
                or (_names(key, name), weight) > (_names(key, current[1]), current[2])
            ):
                self._by_key[key] = (str(row["code"]), name, weight)

    def __len__(self) -> int:
        return len(self._by_key)

    def _get(self, key: str) -> tuple[str, str, float] | None:
        """By key, or by its plural: occupations are named in the plural ("Registered Nurses")."""
        return self._by_key.get(key) or self._by_key.get(key + "s") if key else None

    def is_title(self, text: str) -> bool:
        """The text as a whole is a job title ("Adjunct Instructor", "Intern")."""
        return self._get(name_key(text)) is not None

    def occupation(self, title: str) -> Occupation | None:
        """The occupation a title names: as written, then without seniority and qualifiers,
        then by its longest run of words that is a title ("Manager Masters equipments")."""
        first_line = title.strip().split("\n")[0]
        for text, factor in ((first_line, 1.0), (_QUALIFIERS.sub(" ", first_line), 0.95)):
            hit = self._get(name_key(text))
            if hit:
                return Occupation(hit[0], hit[1], round(hit[2] * factor, 3))
        words = re.findall(r"[A-Za-z][A-Za-z+#.&/-]*", _QUALIFIERS.sub(" ", first_line))
        for n in range(min(len(words), 5) - 1, 0, -1):
            for i in range(len(words) - n + 1):
                hit = self._get(name_key(" ".join(words[i : i + n])))
                if hit and (n > 1 or len(words) == 2):
                    return Occupation(hit[0], hit[1], round(hit[2] * 0.8, 3))
        return None
