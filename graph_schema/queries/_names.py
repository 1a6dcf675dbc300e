"""Names from the model, checked before they are formatted into Cypher (never user values)."""

from ..model import Label, Rel, SearchLabel

__all__ = ["label", "prop_list", "rel"]


def label(name: str) -> str:
    if name not in Label.__members__.values() and name not in SearchLabel.__members__.values():
        raise ValueError(f"{name!r} is not a label of the Careergraph model")
    return name


def rel(name: str) -> str:
    if name not in Rel.__members__.values():
        raise ValueError(f"{name!r} is not a relationship type of the Careergraph model")
    return name


def prop_list(names: tuple[str, ...] | list[str]) -> list[str]:
    """Property names taken from a model's fields: plain identifiers only."""
    for name in names:
        if not name.isidentifier() or not name.isascii():
            raise ValueError(f"{name!r} is not a property name")
    return list(names)
