"""Aliases: the other names people write for ontology entries, derived from the data.

Rules, each applied to every technology, tool, title and element name (no per-name cases):

- acronyms written into a name: "Amazon Web Services AWS software" -> "aws" and
  "amazon web services"; an acronym followed by a product name ("AWS CloudFormation") is
  only a weak alias, so "aws" resolves to the platform, not to each product;
- "X (Y)" names: "CEO (Chief Executive Officer)" -> "ceo" and "chief executive officer";
- vendor prefixes: "Microsoft Excel" -> "excel", "Oracle Java" -> "java"; a vendor is a first
  word that starts many names and never appears in lower case (so "Computer" is no vendor),
  and a remainder that is a common word ("Oracle Database" -> "database") is not an alias;
- versions: "Drupal 8" -> "drupal", "Windows Server 2019" -> "windows server";
- slashed names: "Achievement/Effort" -> "achievement", "effort";
- plus the curated list in `data/curated_aliases.tsv` (colloquial names the data lacks).
"""

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph_schema.keys import name_key, tokens

from .errors import ReleaseError
from .tables import OCCUPATION_TERM_LABELS, SKILL_TERM_LABELS, GraphRow, Ontology

__all__ = ["ALIASED_LABELS", "CURATED_ALIASES", "derive_aliases"]

CURATED_ALIASES = Path(__file__).parent / "data" / "curated_aliases.tsv"
ALIASED_LABELS = (*SKILL_TERM_LABELS, *OCCUPATION_TERM_LABELS)

_GENERIC_TAIL = {
    "software", "system", "systems", "language", "languages", "program", "programs",
    "platform", "suite", "application", "applications", "tool", "tools", "services",
    "framework",
}  # fmt: skip
_ACRONYM = re.compile(r"^\(?([A-Z][A-Z0-9+#&./-]*[A-Z0-9+#])\)?$")
_VERSION = re.compile(r"^(v?\d+(\.\d+)*[a-z]?|\d+[a-z]{1,2}|x{1,3}|[ivx]{1,4})$", re.IGNORECASE)
_PAREN = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_MIN_VENDOR_NAMES = 10
_COMMON_WORD_NAMES = 25


@dataclass(frozen=True)
class _Alias:
    key: str
    target: str
    weight: float
    reason: str


def derive_aliases(onto: Ontology, curated: Path = CURATED_ALIASES) -> list[GraphRow]:
    entries = [
        (label, node["id"], str(node["name"]), str(node["key"]))
        for label in ALIASED_LABELS
        for node in onto.nodes.get(label, [])
    ]
    products = [name for label, _, name, _ in entries if label in ("Technology", "Tool")]
    vendors = _vendors(products, [name for _, _, name, _ in entries])
    frequency = Counter(t for name in products for t in set(tokens(name)))
    found: list[_Alias] = []
    for label, node_id, name, own_key in entries:
        for alias in _rules(node_id, name, label, vendors, frequency):
            if len(alias.key) >= 2 and alias.key != own_key:
                found.append(alias)
    found.extend(_curated(curated, entries))
    best: dict[tuple[str, str], _Alias] = {}
    for alias in found:
        current = best.get((alias.key, alias.target))
        if current is None or alias.weight > current.weight:
            best[(alias.key, alias.target)] = alias
    labels = {node_id: label for label, node_id, _, _ in entries}
    return [
        {
            "key": a.key,
            "target": a.target,
            "label": labels[a.target],
            "weight": a.weight,
            "reason": a.reason,
        }
        for a in best.values()
    ]


def _vendors(products: list[str], all_names: list[str]) -> set[str]:
    firsts = Counter(name.split()[0] for name in products if len(name.split()) > 1)
    lower_words = {w for name in all_names for w in name.split() if w.islower()}
    return {
        word
        for word, count in firsts.items()
        if count >= _MIN_VENDOR_NAMES and word[:1].isupper() and word.lower() not in lower_words
    }


def _rules(
    node_id: str, name: str, label: str, vendors: set[str], frequency: Counter[str]
) -> Iterator[_Alias]:
    yield from _parenthesised(node_id, name)
    words = name.split()
    yield from _acronyms(node_id, words)
    product_vendors = vendors if label in ("Technology", "Tool") else set()
    yield from _shortened(node_id, words, product_vendors, frequency)
    if "/" in name and label not in ("Technology", "Tool"):
        for part in name.split("/"):
            yield _Alias(name_key(part), node_id, 0.8, "part of a slashed name")


def _parenthesised(node_id: str, name: str) -> Iterator[_Alias]:
    match = _PAREN.match(name)
    if match:
        outside, inside = match.groups()
        yield _Alias(name_key(outside), node_id, 0.95, "name outside parentheses")
        yield _Alias(name_key(inside), node_id, 0.95, "name inside parentheses")


def _acronyms(node_id: str, words: list[str]) -> Iterator[_Alias]:
    for i, word in enumerate(words):
        match = _ACRONYM.match(word)
        if not match or (i == 0 and len(words) == 1):
            continue
        letters = sum(c.isalpha() for c in match.group(1))
        if letters < 2:
            continue
        tail = words[i + 1 :]
        generic_tail = all(w.lower() in _GENERIC_TAIL for w in tail)
        acronym = match.group(1)
        key = name_key(acronym)
        expansion = _expansion(words[:i], key)
        if expansion and generic_tail:
            yield _Alias(key, node_id, 0.95, "acronym in the name")
            yield _Alias(name_key(" ".join(expansion)), node_id, 0.95, "expanded acronym")
        elif i > 0 and generic_tail:
            yield _Alias(key, node_id, 0.8, "acronym at the end of the name")
        else:
            yield _Alias(key, node_id, 0.6, "acronym of a product family")
            if tail:
                rest = " ".join([match.group(1), *tail])
                yield _Alias(name_key(rest), node_id, 0.9, "acronym with product name")


def _expansion(before: list[str], acronym: str) -> list[str] | None:
    """The words just before an acronym that it abbreviates ("Structured query language")."""
    for start in range(len(before)):
        words = before[start:]
        if len(words) == 1:
            # One word abbreviated by its own letters: "Subversion" -> "SVN".
            word = words[0].lower()
            if word[:1] == acronym[:1] and _is_subsequence(list(acronym), word):
                return words
            continue
        initials = [w[0].lower() for w in words if w[:1].isalpha()]
        if initials and initials[0] == acronym[0] and _is_subsequence(initials, acronym):
            return words
    return None


def _is_subsequence(letters: list[str], word: str) -> bool:
    remaining = iter(word)
    return all(letter in remaining for letter in letters)


def _shortened(
    node_id: str, words: list[str], vendors: set[str], frequency: Counter[str]
) -> Iterator[_Alias]:
    """Every combination of dropping the vendor, a generic tail word and a version."""
    forms: list[tuple[list[str], float, tuple[str, ...]]] = [(words, 1.0, ())]
    if len(words) > 1 and words[0] in vendors:
        forms.append((words[1:], 0.9, ("vendor",)))
    strips = ((_strip_tail, 0.95, "generic word"), (_strip_version, 0.9, "version"))
    for strip, weight, why in strips:
        for form, form_weight, reasons in list(forms):
            shorter = strip(form)
            if shorter and shorter != form:
                forms.append((shorter, form_weight * weight, (*reasons, why)))
    for form, weight, reasons in forms[1:]:
        form_tokens = tokens(" ".join(form))
        if len(form_tokens) == 1 and frequency[form_tokens[0]] >= _COMMON_WORD_NAMES:
            continue
        reason = "name without " + ", ".join(reasons)
        yield _Alias(name_key(" ".join(form)), node_id, round(weight, 3), reason)


def _strip_tail(words: list[str]) -> list[str]:
    end = len(words)
    while end > 1 and words[end - 1].lower() in _GENERIC_TAIL:
        end -= 1
    return words[:end]


def _strip_version(words: list[str]) -> list[str]:
    end = len(words)
    while end > 1 and _VERSION.match(words[end - 1]):
        end -= 1
    return words[:end]


def _curated(path: Path, entries: Iterable[tuple[str, str, str, str]]) -> Iterator[_Alias]:
    by_key = {(label, key): node_id for label, node_id, _, key in entries}
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    for number, row in enumerate(rows, start=1):
        if len(row) != 3:
            raise ReleaseError(path.name, f"row {number} needs surface, label, target: {row}")
        surface, label, target = row
        node_id = by_key.get((label, name_key(target)))
        if node_id is not None:  # a curated target this release lacks is simply not aliased
            yield _Alias(name_key(surface), node_id, 1.0, "curated")
