"""Whether a mention really names the ontology term it matched.

Every link the dictionary or the search proposes is weighed by a small logistic model over
what the data says about the surface form and its context, never a list of words:

- how ordinary the form is in English prose (wordfreq's Zipf frequency: "meet", "building",
  "software" are everyday words; "Kubernetes" is not), and whether it is written in lower
  case where the term is a proper name ("teams" for Microsoft Teams);
- how many O*NET entries the form could name (its ambiguity across the ontology), and how
  much of the term's own name it covers ("pruning" of "Pruning tools");
- what kind of entry it is (software, physical equipment, an O*NET element);
- the context: other ontology terms in the same sentence (a skills list, a stack), the
  similarity of the sentence to what the term is (its commodity title or description), and a
  capitalised neighbour that makes the form part of another name ("Spring MVC").

The weights are learned from the labelled mentions in `bench/data/linking.tsv` by
`python -m training.link_gate` and ship in `models/link_gate.json`. A link that does not
hold is undone: the fact stays, as the text says it, with lower confidence.
"""

import json
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from graph_schema.keys import name_key, tokens

from ..embeddings import Embedder
from .fact_types import Fact, skill_identity
from .text import PAGE_BREAK, ExtractedText
from .vocabulary import Mention as VocabularyMention
from .vocabulary import Vocabulary

__all__ = [
    "COMMON_PROSE",
    "FEATURES",
    "GATE_MODEL",
    "UNLINKED",
    "LinkCheck",
    "LinkGate",
    "Mention",
    "content_words",
    "in_document",
    "sentence",
    "unlink",
    "zipf",
]

GATE_MODEL = Path(__file__).parent / "models" / "link_gate.json"
COMMON_PROSE = 4.0
"""Zipf frequency (log10 per billion words) from which a one-word form is ordinary English."""
FUNCTION_WORD = 6.0
"""Zipf frequency of function words ("the", "of", "for"): never a skill on their own."""
UNLINKED = 0.6
"""Confidence kept by a fact whose link did not hold (it is still what the text says)."""
FEATURES = (
    "prose_frequency", "common_word", "lowercase_proper_name", "acronym", "short",
    "senses", "name_coverage", "exact_name", "technology", "equipment", "element",
    "terms_in_sentence", "context_similarity", "joined_to_other_name", "found_by_search",
    "popularity", "lowercase_common_proper_name", "digits_not_in_name", "shouted",
)  # fmt: skip
_WINDOW = 160
_SENTENCE_END = re.compile(r"[.!?;\n•]")
_GENERIC_TAIL = {"software", "tools", "tool", "systems", "system", "services", "equipment"}


@cache
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


def content_words(value: str) -> list[str]:
    """The words of a value that are not function words."""
    words = re.findall(r"[A-Za-z][A-Za-z+#.-]*", value)
    return [w for w in words if zipf(w.lower()) < FUNCTION_WORD]


@dataclass(frozen=True)
class LinkCheck:
    keep: bool
    probability: float


@dataclass(frozen=True)
class Mention:
    text: str
    term: str
    start: int
    end: int
    searched: bool = False


class LinkGate:
    def __init__(
        self, rows: Iterable[Mapping[str, Any]], embedder: Embedder,
        vocabulary: Vocabulary | None = None,
    ) -> None:  # fmt: skip
        rows = list(rows)
        self._embedder = embedder
        self._vocabulary = vocabulary or Vocabulary.from_rows(rows)
        self._about: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._popularity: dict[str, int] = {}
        targets: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            targets[str(row["key"])].add(str(row["id"]))
            if row.get("reason") is None:
                self._names[str(row["id"])] = str(row["name"])
                self._labels[str(row["id"])] = str(row.get("label") or "")
                self._about[str(row["id"])] = str(row.get("about") or "")
                self._popularity[str(row["id"])] = int(row.get("popularity") or 0)
        by_token: dict[str, set[str]] = defaultdict(set)
        for node, name in self._names.items():
            for token in tokens(name):
                by_token[token].add(node)
        self._targets = targets
        self._by_token = by_token
        self._vectors: dict[str, list[float]] = {}

    @cached_property
    def _model(self) -> dict[str, Any]:
        model: dict[str, Any] = json.loads(GATE_MODEL.read_text(encoding="utf-8"))
        return model

    def senses(self, surface: str) -> int:
        """How many O*NET entries this form could name: entries it is a name or alias of, and
        entries whose names contain it as a word."""
        found = set(self._targets.get(name_key(surface), ()))
        parts = tokens(surface)
        if len(parts) == 1:
            found |= self._by_token.get(parts[0], set())
        return len(found)

    def description(self, term: str) -> str:
        name = self._names.get(term, term)
        about = self._about.get(term)
        return f"{name}: {about}" if about else name

    def features(self, mentions: list[Mention]) -> list[list[float]]:
        spans = [sentence_span(m.text, m.start, m.end) for m in mentions]
        sentences = [m.text[s:e].strip() for m, (s, e) in zip(mentions, spans, strict=True)]
        similarities = self._similarities(mentions, spans)
        # a skills line names many terms: find them once per sentence
        terms = {s: self._vocabulary.find(s, lenient_case=True) for s in set(sentences)}
        return [
            self._features(m, terms[s], similarity)
            for m, s, similarity in zip(mentions, sentences, similarities, strict=True)
        ]

    def _features(
        self, m: Mention, terms: list[VocabularyMention], similarity: float
    ) -> list[float]:
        surface = m.text[m.start : m.end]
        name = self._names.get(m.term, "")
        label = self._labels.get(m.term, "")
        frequency = zipf(" ".join(surface.lower().split()))
        own = [t for t in tokens(name) if t not in _GENERIC_TAIL] or tokens(name)
        said = set(tokens(surface))
        others = [x for x in terms if name_key(x.text) != name_key(surface)]
        return [
            frequency / 7,
            float(len(surface.split()) == 1 and frequency >= COMMON_PROSE),
            float(surface.islower() and not name.islower()),
            float(surface.isupper() and len(surface) > 1),
            float(len(surface.strip()) <= 3),
            math.log1p(self.senses(surface)) / 3,
            sum(t in said for t in own) / max(len(own), 1),
            float(name_key(surface) == name_key(name)),
            float(label == "Technology"),
            float(label == "Tool"),
            float(label not in ("Technology", "Tool")),
            math.log1p(len(others)) / 2,
            similarity,
            float(self._joined(m.text, m.start, m.end, m.term)),
            float(m.searched),
            math.log1p(self._popularity.get(m.term, 0)) / 6,
            float(surface.islower() and not name.islower() and frequency >= COMMON_PROSE - 0.5),
            float(any(c.isdigit() for c in surface) and not any(c.isdigit() for c in name)),
            float(surface.isupper() and len(surface) > 3 and not name.isupper()),
        ]

    def check(self, mentions: list[Mention]) -> list[LinkCheck]:
        if not mentions:
            return []
        model = self._model
        checks = []
        for row in self.features(mentions):
            z = model["bias"] + sum(
                w * (x - mu) / sd
                for w, x, mu, sd in zip(
                    model["weights"], row, model["mean"], model["scale"], strict=True
                )
            )
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            checks.append(LinkCheck(p >= model["threshold"], round(p, 4)))
        return checks

    def review(self, facts: list[Fact], extracted: ExtractedText) -> list[Fact]:
        """The facts with links their context does not support undone, and skill values with
        no content word ("of", "for the") left out."""
        facts = [f for f in facts if f.kind != "skill" or content_words(f.value)]
        linked = [f for f in facts if f.kind == "skill" and f.onet_id is not None]
        mentions = in_document(
            extracted,
            [(f.evidence.page, f.evidence.start, f.evidence.end, str(f.onet_id)) for f in linked],
        )
        for fact, verdict in zip(linked, self.check(mentions), strict=True):
            if not verdict.keep:
                unlink(fact)
        return facts

    def _joined(self, text: str, start: int, end: int, term: str) -> bool:
        """ "MVC" in "Spring MVC": the form is written joined to a capitalised word that the
        term's name does not have and that is no term itself (as in a list without commas)."""
        own = set(tokens(self._names.get(term, "")))
        before = re.search(r"([A-Z][\w.+#-]*)[ \t]+$", text[max(0, start - 40) : start])
        after = re.match(r"[ \t]+([A-Z][\w.+#-]*)", text[end : end + 40])
        return any(
            m is not None
            and not set(tokens(m.group(1))) <= own
            and name_key(m.group(1)) not in self._targets
            for m in (before, after)
        )

    def _similarities(self, mentions: list[Mention], spans: list[tuple[int, int]]) -> list[float]:
        """How close each mention's sentence is to what its term is. The sentence's vector is
        the mean of its wordpieces' contextual vectors from the pass the tagger already made
        over the document (the model's own pooling), so no sentence is encoded again."""
        import numpy as np

        terms = [m.term for m in mentions]
        missing = sorted(set(terms) - set(self._vectors))
        for term, vector in zip(
            missing, self._embedder.embed([self.description(t) for t in missing]), strict=True
        ):
            self._vectors[term] = vector
        passes = {text: self._embedder.token_states(text) for text in {m.text for m in mentions}}
        found: list[float] = []
        for m, (start, end) in zip(mentions, spans, strict=True):
            offsets, states = passes[m.text]
            inside = (
                (offsets[:, 0] >= start) & (offsets[:, 1] <= end) & (offsets[:, 1] > offsets[:, 0])
            )
            if not inside.any():
                found.append(0.0)
                continue
            mean = states[inside].mean(axis=0)
            pooled = mean / (np.linalg.norm(mean) or 1.0)
            found.append(round(float(pooled @ np.asarray(self._vectors[m.term])), 4))
        return found


def unlink(fact: Fact) -> None:
    fact.onet_id = None
    fact.normalized = " ".join(fact.value.split())
    fact.identity = skill_identity(None, fact.value)
    fact.confidence = round(fact.confidence * UNLINKED, 3)


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the mention's sentence (or line) is, at most a window either side."""
    left = max(0, start - _WINDOW)
    right = min(len(text), end + _WINDOW)
    before = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    after = _SENTENCE_END.search(text, end, right)
    return (before[-1] if before else left), (after.start() if after else right)


def sentence(text: str, start: int, end: int) -> str:
    """The mention's sentence (or line), at most a window either side."""
    return text[slice(*sentence_span(text, start, end))].strip()


def in_document(
    extracted: ExtractedText, found: list[tuple[int, int, int, str]], searched: bool = False
) -> list[Mention]:
    """(page, start, end, term) mentions placed in the whole document's text: the text the
    tagger read, so its contextual vectors are already there."""
    text = extracted.text
    offsets = [0]
    for page in extracted.pages:
        offsets.append(offsets[-1] + len(page.text) + len(PAGE_BREAK))
    return [
        Mention(text, term, offsets[page - 1] + start, offsets[page - 1] + end, searched)
        for page, start, end, term in found
    ]
