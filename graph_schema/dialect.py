"""What differs between FalkorDB and Neo4j Cypher: indexes, constraints, vectors, full-text.

Everything else in `queries.py` is shared. Label and property names passed here come from
`model.py`, never from users; user text reaches the database only as query parameters, and
full-text text is first reduced to plain word tokens by `fulltext_terms`.
"""

from dataclasses import dataclass
from typing import Literal

from .keys import tokens

__all__ = ["FALKOR", "NEO4J", "Dialect", "fulltext_terms"]

_MAX_TERMS = 12


def fulltext_terms(text: str) -> list[str]:
    """Word tokens safe for both RediSearch and Lucene syntax (letters and digits only)."""
    words = [t.strip("+#") for t in tokens(text)]
    return [w for w in words if w][:_MAX_TERMS]


@dataclass(frozen=True)
class Dialect:
    name: Literal["falkordb", "neo4j"]

    def vector(self, expr: str) -> str:
        """How a list-of-floats expression is stored as a vector value."""
        return f"vecf32({expr})" if self.name == "falkordb" else expr

    def cosine_similarity(self, a: str, b: str) -> str:
        if self.name == "falkordb":
            return f"(1.0 - vec.cosineDistance({a}, {self.vector(b)}))"
        return f"vector.similarity.cosine({a}, {b})"

    def index_name(self, label: str, prop: str, kind: str) -> str:
        return f"{kind}_{label}_{prop}".lower()

    def range_index(self, label: str, prop: str) -> str:
        if self.name == "falkordb":
            return f"CREATE INDEX FOR (n:{label}) ON (n.{prop})"
        name = self.index_name(label, prop, "range")
        return f"CREATE INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"

    def constraint_name(self, label: str, props: tuple[str, ...]) -> str:
        return self.index_name(label, "_".join(props), "unique")

    def unique_constraint(self, label: str, *props: str) -> str | None:
        """Cypher for a uniqueness constraint; None where the backend uses a command instead."""
        if self.name == "falkordb":
            return None
        name = self.constraint_name(label, props)
        keys = ", ".join(f"n.{p}" for p in props)
        return f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE ({keys}) IS UNIQUE"

    def fulltext_index(self, label: str, prop: str) -> str:
        if self.name == "falkordb":
            return f"CALL db.idx.fulltext.createNodeIndex('{label}', '{prop}')"
        name = self.index_name(label, prop, "fulltext")
        return f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{label}) ON EACH [n.{prop}]"

    def vector_index(self, label: str, prop: str, dimension: int) -> str:
        if self.name == "falkordb":
            return (
                f"CREATE VECTOR INDEX FOR (n:{label}) ON (n.{prop}) "
                f"OPTIONS {{dimension: {dimension}, similarityFunction: 'cosine'}}"
            )
        name = self.index_name(label, prop, "vector")
        return (
            f"CREATE VECTOR INDEX {name} IF NOT EXISTS FOR (n:{label}) ON (n.{prop}) "
            f"OPTIONS {{indexConfig: {{`vector.dimensions`: {dimension}, "
            f"`vector.similarity_function`: 'cosine'}}}}"
        )

    def fulltext_query(self, label: str, prop: str) -> str:
        """A call yielding `node, score` for the parameter `$fulltext` (see `fulltext_param`)."""
        if self.name == "falkordb":
            return f"CALL db.idx.fulltext.queryNodes('{label}', $fulltext) YIELD node, score"
        name = self.index_name(label, prop, "fulltext")
        return (
            f"CALL db.index.fulltext.queryNodes('{name}', $fulltext, {{limit: $k}}) "
            "YIELD node, score"
        )

    def fulltext_param(self, text: str) -> str | None:
        """The full-text query string for `text`: terms OR-ed, the last one as a prefix."""
        terms = fulltext_terms(text)
        if not terms:
            return None
        last = f"{terms[-1]}*" if len(terms[-1]) >= 3 else terms[-1]
        parts = [*terms[:-1], last]
        return "|".join(parts) if self.name == "falkordb" else " OR ".join(parts)

    def vector_query(self, label: str, prop: str, vector: str = "$vector", keep: str = "") -> str:
        """A call yielding `node, similarity` (cosine, 1 = same) for `vector` and `$k`;
        `keep` names variables of the query so far to carry along (", item")."""
        if self.name == "falkordb":
            # FalkorDB reports cosine distance; turn it into a similarity.
            return (
                f"CALL db.idx.vector.queryNodes('{label}', '{prop}', $k, vecf32({vector})) "
                f"YIELD node, score WITH node, 1.0 - score AS similarity{keep}"
            )
        name = self.index_name(label, prop, "vector")
        # Neo4j's cosine score is (1 + cos) / 2.
        return (
            f"CALL db.index.vector.queryNodes('{name}', $k, {vector}) "
            f"YIELD node, score WITH node, 2.0 * score - 1.0 AS similarity{keep}"
        )


FALKOR = Dialect("falkordb")
NEO4J = Dialect("neo4j")
