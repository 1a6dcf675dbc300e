"""The skill vocabulary of a release (names and aliases), without touching any graph."""

from pathlib import Path

from .aliases import derive_aliases
from .release import Release
from .tables import SKILL_TERM_LABELS, GraphRow, parse

__all__ = ["skill_vocabulary"]


def skill_vocabulary(path: Path) -> list[GraphRow]:
    """Rows of {key, id, name, label, weight}: every skill-like name (weight 1) and alias."""
    release = Release(path)
    try:
        onto = parse(release)
    finally:
        release.close()
    rows: list[GraphRow] = []
    names: dict[str, GraphRow] = {}
    for label in SKILL_TERM_LABELS:
        for node in onto.nodes.get(label, []):
            names[node["id"]] = node
            rows.append({"key": node["key"], "id": node["id"], "name": node["name"],
                         "label": label, "weight": 1.0})  # fmt: skip
    for alias in derive_aliases(onto):
        if alias["label"] in SKILL_TERM_LABELS:
            node = names[alias["target"]]
            rows.append({"key": alias["key"], "id": node["id"], "name": node["name"],
                         "label": alias["label"], "weight": alias["weight"],
                         "reason": alias["reason"]})  # fmt: skip
    return rows
