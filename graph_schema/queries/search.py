"""Ontology search: exact keys and aliases, full text, vector neighbours."""

__all__ = [
    "exact_terms",
    "fulltext_terms",
    "title_occupations",
    "vector_terms",
    "vector_terms_each",
]


from ..dialect import Dialect
from ._names import label as _label

_TERM = (
    "node.id AS id, node.name AS name, labels(node) AS labels, "
    "coalesce(node.popularity, 0) AS popularity"
)


def exact_terms(search_label: str) -> str:
    """Nodes whose own key, or an alias key, equals one of `$keys` (with the key's weight)."""
    label = _label(search_label)
    return (
        f"UNWIND $keys AS k MATCH (node:{label} {{key: k.key}}) "
        f"RETURN {_TERM}, k.weight AS weight, 'name' AS reason "
        "UNION ALL "
        f"UNWIND $keys AS k MATCH (:Alias {{id: k.key}})-[r:ALIAS_OF]->(node:{label}) "
        f"RETURN {_TERM}, k.weight * r.weight AS weight, r.reason AS reason"
    )


def fulltext_terms(dialect: Dialect, search_label: str) -> str:
    return (
        f"{dialect.fulltext_query(_label(search_label), 'name')} "
        f"RETURN {_TERM}, score ORDER BY score DESC LIMIT $k"
    )


def vector_terms(dialect: Dialect, search_label: str) -> str:
    return (
        f"{dialect.vector_query(_label(search_label), 'embedding')} "
        f"RETURN {_TERM}, similarity ORDER BY similarity DESC LIMIT $k"
    )


def vector_terms_each(dialect: Dialect, search_label: str) -> str:
    """The `$k` nearest terms of each of `$items` ({i, vector}), in one round trip."""
    return (
        "UNWIND $items AS item "
        f"{dialect.vector_query(_label(search_label), 'embedding', 'item.vector', ', item')} "
        f"RETURN item.i AS i, {_TERM}, similarity"
    )


def title_occupations(dialect: Dialect) -> str:
    """The occupations of each title in `$titles`, with their similarity to `$vector`."""
    return (
        "UNWIND $titles AS tid MATCH (:Title {id: tid})-[:TITLE_OF]->(o:Occupation) "
        f"RETURN tid AS title, o.code AS code, o.title AS name, "
        f"{dialect.cosine_similarity('o.embedding', '$vector')} AS similarity"
    )
