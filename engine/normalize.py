"""The keys a search string may mean: as written, with shorthand expanded, without versions.

Each key carries a weight (1.0 = exactly as written) that scales the match it finds. The rules
are general; the only list is the shorthand table in `data/abbreviations.tsv`.
"""

import csv
import re
from functools import cache
from pathlib import Path

from graph_schema.keys import tokens

__all__ = ["MAX_QUERY_CHARS", "query_keys"]

MAX_QUERY_CHARS = 256
_ABBREVIATIONS = Path(__file__).parent / "data" / "abbreviations.tsv"
_VERSION = re.compile(r"^(v?\d+(\.\d+)*[a-z]?|\d+[a-z]{1,2}|x{1,3})$")
_TRAILING_DIGITS = re.compile(r"^([a-z][a-z+#]+?)\d+$")


@cache
def _abbreviations() -> dict[str, list[str]]:
    with _ABBREVIATIONS.open(encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if r and not r[0].startswith("#")]
    return {short: expansion.split() for short, expansion in rows}


def query_keys(text: str) -> list[dict[str, object]]:
    """Candidate keys with weights, best first; empty when the text has no words."""
    words = tokens(text[:MAX_QUERY_CHARS])
    if not words:
        return []
    found: dict[str, float] = {}

    def add(form: list[str], weight: float) -> None:
        key = "".join(form)
        if len(key) >= 1 and found.get(key, 0.0) < weight:
            found[key] = weight

    expanded = [part for w in words for part in _abbreviations().get(w, [w])]
    for form, weight in ((words, 1.0), (expanded, 0.97)):
        add(form, weight)
        unversioned = _strip_versions(form)
        add(unversioned, weight * 0.95)
        last = unversioned[-1] if unversioned else ""
        digits = _TRAILING_DIGITS.match(last)
        if digits:  # "html5" -> "html", "python3" -> "python"
            add([*unversioned[:-1], digits.group(1)], weight * 0.95)
        if last.endswith("js") and len(last) > 4:  # "reactjs" -> "react"
            add([*unversioned[:-1], last[:-2]], weight * 0.95)
        elif len(unversioned) == 1 and len(last) >= 3:  # "vue" -> "vuejs"
            add([*unversioned, "js"], weight * 0.9)
    return [{"key": key, "weight": weight} for key, weight in found.items()]


def _strip_versions(words: list[str]) -> list[str]:
    end = len(words)
    while end > 1 and _VERSION.match(words[end - 1]):
        end -= 1
    return words[:end]
