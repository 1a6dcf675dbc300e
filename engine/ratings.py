"""What O*NET rates as important for occupations, for matching and insights.

O*NET has no skill or knowledge ratings for about 1 in 7 occupations (Software Developers,
15-1252.00, among them). Such an occupation borrows the ratings of its closest related
occupation that has them (O*NET's own relatedness order: tier, then rank), and says so."""

from typing import Any

from graph_schema import GraphStore
from graph_schema import queries as q

__all__ = ["Rated", "important_elements"]

Rated = dict[str, dict[str, tuple[str, float]]]
"""occupation code -> element id -> (name, importance)"""
_TIERS = {"Primary-Short": 0, "Primary-Long": 1, "Supplemental": 2}


async def important_elements(
    store: GraphStore, codes: list[str], importance: float
) -> tuple[Rated, dict[str, str]]:
    """The elements each occupation rates at `importance` or more, and for the occupations
    that borrowed them, code -> the code they were borrowed from."""
    rated = await _rated(store, codes, importance)
    missing = [c for c in codes if c not in rated]
    borrowed: dict[str, str] = {}
    if not missing:
        return rated, borrowed
    rows = await _read(store, q.RELATED_OCCUPATIONS_OF, codes=missing)
    order = sorted(rows, key=lambda r: (_TIERS.get(r["tier"] or "", 3), r["rank"] or 0,
                                        r["target"]))  # fmt: skip
    donors = await _rated(store, sorted({r["target"] for r in rows}), importance)
    for row in order:
        if row["source"] not in borrowed and row["target"] in donors:
            borrowed[row["source"]] = row["target"]
            rated[row["source"]] = donors[row["target"]]
    return rated, borrowed


async def _rated(store: GraphStore, codes: list[str], importance: float) -> Rated:
    rated: Rated = {}
    if not codes:
        return rated
    for row in await _read(store, q.OCCUPATION_ELEMENTS_FOR, codes=codes, importance=importance):
        rated.setdefault(row["code"], {})[row["id"]] = (row["name"], float(row["importance"]))
    return rated


async def _read(store: GraphStore, query: str, **params: Any) -> list[dict[str, Any]]:
    return await store.execute(query, params, read_only=True)
