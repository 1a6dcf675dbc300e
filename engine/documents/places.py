"""Whether a name is a place: a city, a region or a country (GeoNames, CC BY 4.0).

Read from `engine/data/places.tsv.gz` (built by `python -m training.places`): cities of 15,000
people or more, countries, US states and their postal codes. A CV's "Kolkata", "Chicago, IL"
or "Lahore Pakistan" next to a title is where the job was, not who it was for.
"""

import gzip
import re
from functools import cache
from pathlib import Path

from graph_schema.keys import name_key

__all__ = ["GAZETTEER", "is_place"]

GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "places.tsv.gz"
BIG_CITY = 500_000
"""A one-word city name is taken for a place only from this size: smaller towns share their
names with companies and words ("Orange", "Gap", "Reading")."""
_LONGEST = 4


@cache
def _places() -> dict[str, tuple[str, int]]:
    """name key -> (kind, population); a code keeps its upper-case form as the key. A name
    that is a city and a region or country counts as the latter."""
    found: dict[str, tuple[str, int]] = {}
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            name, kind, population = line.rstrip("\n").split("\t")
            key = name if kind == "code" else name_key(name)
            kept = found.get(key)
            if kept is None or (kept[0] == "city" and kind != "city") or (
                kept[0] == kind and int(population) > kept[1]
            ):  # fmt: skip
                found[key] = (kind, int(population))
    return found


def is_place(name: str) -> bool:
    """The whole name is made of place names ("Oslo", "Chicago, IL", "Bengaluru Karnataka"),
    at least one of them a country, a region or a big city."""
    words = re.findall(r"[^\W_]+(?:['.][^\W_]+)*", name)
    if not words:
        return False
    places = _places()
    parts: list[tuple[str, int]] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            chunk = words[i : i + size]
            found = places.get(name_key(" ".join(chunk)))
            if found is None and size == 1 and chunk[0].isupper() and len(chunk[0]) == 2:
                found = places.get(chunk[0])
            if found is not None:
                parts.append(found)
                i += size
                break
        else:
            return False
    # "Best Buy" is two small towns' names: a place needs a region, a country or a big city
    return any(kind != "city" or population >= BIG_CITY for kind, population in parts)
