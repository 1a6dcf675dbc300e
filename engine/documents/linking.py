"""Whether a mention really names the ontology term it matched.

A surface form is *risky* when the data says it could mean something else: it is a word
common in ordinary English prose ("meet", "building", "software", "spring"; word frequencies
from wordfreq), it names several O*NET entries ("MVC", "API"), or it is a short form of a
longer name that the dictionary only reached by dropping words. A risky mention keeps its
link only when its context supports it: the mention's sentence, embedded, must be close
enough to what the term is (a technology's commodity title, an element's description).
Otherwise the fact stays, unlinked, with lower confidence. No per-word lists: every number
here comes from O*NET itself, word frequencies, or the calibration in `bench/linking.py`.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from graph_schema.keys import name_key, tokens

from ..embeddings import Embedder
from .fact_types import Fact, skill_identity
from .text import ExtractedText

__all__ = [
    "COMMON_PROSE", "CONTEXT_MIN", "UNLINKED", "LinkCheck", "LinkGate", "content_words", "zipf"
]  # fmt: skip

COMMON_PROSE = 4.0
"""Zipf frequency (log10 per billion words) above which a one-word form is ordinary English."""
FUNCTION_WORD = 6.0
"""Zipf frequency of function words ("the", "of", "for"): never a skill on their own."""
SENSES = 3
"""A form that names this many O*NET entries or more is ambiguous."""
CONTEXT_MIN = 0.3
"""Similarity of a risky mention's sentence to the term's description needed to keep the link;
calibrated on the labelled development set (bench/linking.py)."""
UNLINKED = 0.6
"""Confidence kept by a fact whose link did not hold (it is still what the text says)."""
_WINDOW = 160
_SENTENCE_END = re.compile(r"[.!?;\n•]")


@cache
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def content_words(value: str) -> list[str]:
    """The words of a value that are not function words."""
    return [
        w for w in re.findall(r"[A-Za-z][A-Za-z+#.-]*", value) if zipf(w.lower()) < FUNCTION_WORD
    ]


@dataclass(frozen=True)
class LinkCheck:
    keep: bool
    risk: str | None
    similarity: float | None


class LinkGate:
    def __init__(self, rows: Iterable[Mapping[str, Any]], embedder: Embedder) -> None:
        self._embedder = embedder
        self._about: dict[str, str] = {}
        self._names: dict[str, str] = {}
        targets: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            targets[str(row["key"])].add(str(row["id"]))
            if row.get("weight") == 1.0 and row.get("reason") is None:
                self._names[str(row["id"])] = str(row["name"])
                self._about[str(row["id"])] = str(row.get("about") or "")
        by_token: dict[str, set[str]] = defaultdict(set)
        for node, name in self._names.items():
            for token in tokens(name):
                by_token[token].add(node)
        self._targets = targets
        self._by_token = by_token
        self._vectors: dict[str, list[float]] = {}

    def senses(self, surface: str) -> int:
        """How many O*NET entries this form could name: entries it is a name or alias of, and
        entries whose names contain it as a word."""
        key = name_key(surface)
        found = set(self._targets.get(key, ()))
        parts = tokens(surface)
        if len(parts) == 1:
            found |= self._by_token.get(parts[0], set())
        return len(found)

    def risk(self, surface: str, term_id: str) -> str | None:
        words = surface.split()
        name = self._names.get(term_id, "")
        if len(words) == 1 and zipf(surface.lower()) >= COMMON_PROSE:
            return "common word"
        if self.senses(surface) >= SENSES:
            return "ambiguous"
        if len(words) == 1 and name_key(surface) != name_key(name) and len(name.split()) > 1:
            return "short form"
        return None

    def description(self, term_id: str) -> str:
        name = self._names.get(term_id, term_id)
        about = self._about.get(term_id)
        return f"{name}: {about}" if about else name

    def check(self, items: list[tuple[str, str, int, int]]) -> list[LinkCheck]:
        """Per (text, term id, start, end) mention: keep its link or not."""
        risks = [self.risk(text[start:end], term) for text, term, start, end in items]
        asked = [i for i, r in enumerate(risks) if r is not None]
        sims = self._similarities([items[i] for i in asked])
        similarity = dict(zip(asked, sims, strict=True))
        verdicts = []
        for i, (text, term, start, end) in enumerate(items):
            risk = risks[i]
            if risk is not None and self._inside_other_name(text, start, end, term):
                verdicts.append(LinkCheck(False, f"{risk}, part of another name", similarity[i]))
                continue
            keep = risk is None or similarity[i] >= CONTEXT_MIN
            verdicts.append(LinkCheck(keep, risk, similarity.get(i)))
        return verdicts

    def _inside_other_name(self, text: str, start: int, end: int, term: str) -> bool:
        """ "MVC" in "Spring MVC", "USA" in "Acme USA": the form is written joined to a
        capitalised word that the term's own name does not have, so it is part of some
        other name (unless that word is itself a term, as in a list written without commas)."""
        own = set(tokens(self._names.get(term, "")))
        before = re.search(r"([A-Z][\w.+#-]*)[ \t]+$", text[max(0, start - 40) : start])
        after = re.match(r"[ \t]+([A-Z][\w.+#-]*)", text[end : end + 40])
        return any(
            m is not None
            and not set(tokens(m.group(1))) <= own
            and name_key(m.group(1)) not in self._targets  # a list of names: "Python Java"
            for m in (before, after)
        )

    def review(self, facts: list[Fact], extracted: ExtractedText) -> list[Fact]:
        """The facts with links their context does not support undone, and skill values with
        no content word ("of", "for the") left out."""
        facts = [f for f in facts if f.kind != "skill" or content_words(f.value)]
        linked = [f for f in facts if f.kind == "skill" and f.onet_id is not None]
        items = [
            (extracted.pages[f.evidence.page - 1].text, str(f.onet_id), f.evidence.start,
             f.evidence.end)
            for f in linked
        ]  # fmt: skip
        for fact, verdict in zip(linked, self.check(items), strict=True):
            if not verdict.keep:
                unlink(fact)
        return facts

    def _similarities(self, items: list[tuple[str, str, int, int]]) -> list[float]:
        if not items:
            return []
        contexts = [_sentence(text, start, end) for text, _, start, end in items]
        missing = sorted({term for _, term, _, _ in items} - set(self._vectors))
        for term, vector in zip(
            missing, self._embedder.embed([self.description(t) for t in missing]), strict=True
        ):
            self._vectors[term] = vector
        vectors = self._embedder.embed(contexts)
        return [
            round(sum(a * b for a, b in zip(v, self._vectors[term], strict=True)), 4)
            for v, (_, term, _, _) in zip(vectors, items, strict=True)
        ]


def _sentence(text: str, start: int, end: int) -> str:
    """The mention's sentence (or line), at most a window either side."""
    left = max(0, start - _WINDOW)
    right = min(len(text), end + _WINDOW)
    before = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    after = _SENTENCE_END.search(text, end, right)
    return text[before[-1] if before else left : after.start() if after else right].strip()


def unlink(fact: Fact) -> None:
    fact.onet_id = None
    fact.normalized = " ".join(fact.value.split())
    fact.identity = skill_identity(None, fact.value)
    fact.confidence = round(fact.confidence * UNLINKED, 3)
