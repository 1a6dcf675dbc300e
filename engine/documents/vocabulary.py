"""Finding ontology terms in text: every mention with its exact character span.

Matching uses the same keys as search (graph_schema.keys), over names and aliases, longest
match first. It is the dictionary part of extraction (and the baseline the learned extractor
is measured against).
"""

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graph_schema.keys import name_key

from ..models import SKILL_KINDS

__all__ = ["Mention", "Term", "Vocabulary"]

_MAX_WORDS = 6
_VENDOR_PRODUCTS = 3
# A word as CVs write them: "C++", "C#", ".NET", "Node.js", "PL/SQL", "CI/CD", "T-SQL".
_WORD = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9+#]*(?:[.\-/'][A-Za-z0-9+#]+)*[+#]*")


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class _Entry:
    term: Term
    weight: float
    capitals: bool
    """An acronym alias: matches only where the text writes it in capitals ("LED", not "Led")."""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    term: Term
    weight: float


class Vocabulary:
    def __init__(self, entries: Iterable[tuple[str, _Entry]], min_weight: float = 0.8) -> None:
        self._by_key: dict[str, _Entry] = {}
        for key, entry in entries:
            current = self._by_key.get(key)
            if (
                key
                and entry.weight >= min_weight
                and (current is None or entry.weight > current.weight)
            ):
                self._by_key[key] = entry

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]]) -> "Vocabulary":
        """Rows of {key, id, name, label, weight[, reason]}: names (weight 1) and aliases.
        Weak aliases (weight under 0.8, such as an acronym shared by a product family) are
        left out: in running text they find more noise than skills."""
        return cls(
            (
                str(row["key"]),
                _Entry(
                    Term(
                        str(row["id"]),
                        str(row["name"]),
                        SKILL_KINDS.get(str(row["label"]), "skill"),
                    ),
                    float(row["weight"]),
                    "acronym" in str(row.get("reason") or ""),
                ),
            )
            for row in rows
        )

    def __len__(self) -> int:
        return len(self._by_key)

    @functools.cached_property
    def _vendors(self) -> Counter[str]:
        names = {e.term.name for e in self._by_key.values() if e.term.kind == "technology"}
        found = Counter(name_key(n.split()[0]) for n in names if len(n.split()) > 1)
        for name in names:  # a product named by its maker alone: "Facebook", "Salesforce"
            if len(name.split()) == 1:
                found[name_key(name)] += _VENDOR_PRODUCTS
        return found

    def is_vendor(self, name: str) -> bool:
        """The name begins several technology names ("Oracle Database", "Oracle Java"...) or
        is one ("Facebook"): a company, even when the word is also ordinary English ("Apple")."""
        return self._vendors[name_key(name)] >= _VENDOR_PRODUCTS

    def find(self, text: str, *, lenient_case: bool = False) -> list[Mention]:
        """Non-overlapping mentions, longest first. Unless `lenient_case` (skills lists), a
        one-word match written in lower case is ignored when the term is a proper name
        ("go", "word", "spring" in prose are not Go, Microsoft Word or Spring)."""
        words = list(_WORD.finditer(text))
        mentions = []
        i = 0
        while i < len(words):
            found = self._longest(text, words, i, lenient_case)
            if found is None:
                i += 1
                continue
            mention, used = found
            mentions.append(mention)
            i += used
        return mentions

    def _longest(
        self, text: str, words: list[re.Match[str]], i: int, lenient_case: bool
    ) -> tuple[Mention, int] | None:
        for n in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            span = words[i : i + n]
            if n > 1 and _broken(text, span):
                continue
            key = "".join(name_key(w[0]) for w in span)
            hit = self._lookup(key)
            if hit is None:
                continue
            entry, weight = hit
            surface = text[span[0].start() : span[-1].end()]
            if entry.capitals and not surface.replace(" ", "").isupper():
                continue
            if n == 1 and not lenient_case and _lowercase_proper(surface, entry.term.name):
                continue
            return Mention(span[0].start(), span[-1].end(), surface, entry.term, weight), n
        return None

    def _lookup(self, key: str) -> tuple[_Entry, float] | None:
        """The entry for a key, or for its "js"-less or version-less form ("React.js",
        "HTML5"), with a slightly lower weight."""
        entry = self._by_key.get(key)
        if entry is not None:
            return entry, entry.weight
        bare = key[:-2] if key.endswith("js") and len(key) > 4 else key.rstrip("0123456789")
        if bare != key and len(bare) > 1:
            found = self._by_key.get(bare)
            if found is not None:
                return found, found.weight * 0.95
        return None


def _broken(text: str, span: list[re.Match[str]]) -> bool:
    """A phrase does not run across a line break, comma, bullet or other separator."""
    for left, right in itertools.pairwise(span):
        gap = text[left.end() : right.start()]
        if gap.strip(" -&") or "\n" in gap:
            return True
    return False


def _lowercase_proper(surface: str, name: str) -> bool:
    return surface.isalpha() and surface.islower() and not name.islower()
