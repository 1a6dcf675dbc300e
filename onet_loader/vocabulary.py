"""The skill vocabulary of a release (names and aliases), without touching any graph."""

from pathlib import Path

from .aliases import derive_aliases
from .release import Release
from .tables import SKILL_TERM_LABELS, GraphRow, Ontology, parse

__all__ = ["skill_vocabulary", "title_vocabulary"]


def _parse(path: Path) -> Ontology:
    release = Release(path)
    try:
        return parse(release)
    finally:
        release.close()


def title_vocabulary(path: Path) -> list[GraphRow]:
    """Rows of {key, code, name, weight}: occupation titles (1.0), reported titles (0.95) and
    alternate titles (0.9), each with the occupation it names (the same rows as the graph's
    TITLE_VOCABULARY query)."""
    onto = _parse(path)
    rows: list[GraphRow] = [
        {"key": o["key"], "code": o["code"], "name": o["title"], "weight": 1.0}
        for o in onto.nodes.get("Occupation", [])
    ]
    titles = {t["id"]: t for t in onto.nodes.get("Title", [])}
    names = {o["code"]: o["title"] for o in onto.nodes.get("Occupation", [])}
    for edge in onto.edges.get("TITLE_OF", []):
        rows.append({"key": titles[edge["t"]]["key"], "code": edge["o"], "name": names[edge["o"]],
                     "weight": 0.95 if edge["reported"] else 0.9})  # fmt: skip
    return rows


def skill_vocabulary(path: Path) -> list[GraphRow]:
    """Rows of {key, id, name, label, weight[, reason, about]}: every skill-like name (weight
    1, with what it is: a technology's commodity title, an element's description) and alias
    (the same rows as the graph's SKILL_VOCABULARY query)."""
    onto = _parse(path)
    rows: list[GraphRow] = []
    names: dict[str, GraphRow] = {}
    titles = {c["id"]: c["title"] for c in onto.nodes.get("TechnologyCategory", [])}
    category: dict[str, str] = {}
    for label in ("Technology", "Tool"):
        for edge in onto.edges.get(f"{label}_IN_CATEGORY", []):
            category.setdefault(edge["t"], titles.get(edge["c"]) or "")
    for label in SKILL_TERM_LABELS:
        for node in onto.nodes.get(label, []):
            names[node["id"]] = node
            about = category.get(node["id"]) or node.get("description")
            rows.append({"key": node["key"], "id": node["id"], "name": node["name"],
                         "label": label, "weight": 1.0, "about": about,
                         "popularity": node.get("popularity")})  # fmt: skip
    for alias in derive_aliases(onto):
        if alias["label"] in SKILL_TERM_LABELS:
            node = names[alias["target"]]
            rows.append({"key": alias["key"], "id": node["id"], "name": node["name"],
                         "label": alias["label"], "weight": alias["weight"],
                         "reason": alias["reason"]})  # fmt: skip
    return rows
