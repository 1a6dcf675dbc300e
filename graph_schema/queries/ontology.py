"""Writing the O*NET release: nodes, edges, aliases, embeddings, the release record; and the
vocabularies the document pipeline reads back."""

__all__ = [
    "CURRENT_RELEASE",
    "DELETE_ORPHAN_ALIASES",
    "MARK_RELEASE_COMPLETE",
    "MARK_RELEASE_LOADING",
    "RELEASE_BY_VERSION",
    "SKILL_VOCABULARY",
    "TITLE_VOCABULARY",
    "count_label",
    "delete_stale_edges",
    "pending_embeddings",
    "set_embeddings",
    "upsert_aliases",
    "upsert_edges",
    "upsert_nodes",
]


from ..dialect import Dialect
from ._names import label as _label
from ._names import rel as _rel


def upsert_nodes(label: str, extra_label: str | None = None) -> str:
    labels = _label(label) + (f":{_label(extra_label)}" if extra_label else "")
    return (
        f"UNWIND $rows AS row MERGE (n:{labels} {{id: row.id}}) SET n += row, n.release = $release"
    )


def upsert_edges(rel: str, source: str, target: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{_label(source)} {{id: row.a}}) "
        f"MATCH (b:{_label(target)} {{id: row.b}}) "
        f"MERGE (a)-[r:{_rel(rel)}]->(b) SET r += row.props, r.release = $release"
    )


def delete_stale_edges(rel: str) -> str:
    return f"MATCH ()-[r:{_rel(rel)}]->() WHERE r.release <> $release DELETE r"


def upsert_aliases(target_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (t:{_label(target_label)} {{id: row.target}}) "
        "MERGE (a:Alias {id: row.key}) SET a.key = row.key "
        "MERGE (a)-[r:ALIAS_OF]->(t) SET r.weight = row.weight, r.reason = row.reason, "
        "r.release = $release"
    )


DELETE_ORPHAN_ALIASES = "MATCH (a:Alias) WHERE NOT (a)-[:ALIAS_OF]->() DELETE a"


def pending_embeddings(search_label: str) -> str:
    return (
        f"MATCH (n:{_label(search_label)}) WHERE n.vectorised = true "
        "AND (n.embedded_name IS NULL OR n.embedded_name <> n.name) "
        "RETURN n.id AS id, n.name AS name"
    )


def set_embeddings(dialect: Dialect, search_label: str) -> str:
    return (
        f"UNWIND $rows AS row MATCH (n:{_label(search_label)} {{id: row.id}}) "
        f"SET n.embedding = {dialect.vector('row.vector')}, n.embedded_name = n.name"
    )


MARK_RELEASE_LOADING = (
    "MERGE (r:OntologyRelease {id: $version}) "
    "SET r.version = $version, r.checksum = $checksum, r.status = 'loading', "
    "r.started_at = $now, r.completed_at = null"
)
MARK_RELEASE_COMPLETE = (
    "MATCH (r:OntologyRelease {id: $version}) "
    "SET r.status = 'complete', r.completed_at = $now, r.counts = $counts "
    "WITH r MATCH (other:OntologyRelease) WHERE other.id <> r.id "
    "SET other.status = 'superseded'"
)
RELEASE_BY_VERSION = (
    "MATCH (r:OntologyRelease {id: $version}) "
    "RETURN r.version AS version, r.checksum AS checksum, r.status AS status, "
    "r.completed_at AS completed_at, r.counts AS counts"
)
CURRENT_RELEASE = (
    "MATCH (r:OntologyRelease) WHERE r.status IN ['complete', 'loading'] "
    "RETURN r.version AS version, r.checksum AS checksum, r.status AS status, "
    "r.started_at AS started_at, r.completed_at AS completed_at, r.counts AS counts "
    "ORDER BY r.started_at DESC LIMIT 1"
)


def count_label(label: str) -> str:
    return f"MATCH (n:{_label(label)}) RETURN count(n) AS count"


# `about`: what a term is, for checking a mention's context against it (a technology's
# commodity title, an element's description); `popularity`: how many occupations list a
# technology or tool.
SKILL_VOCABULARY = (
    "MATCH (n:SkillTerm) OPTIONAL MATCH (n)-[:IN_CATEGORY]->(c:TechnologyCategory) "
    "WITH n, collect(c.title)[0] AS category "
    "RETURN n.key AS key, n.id AS id, n.name AS name, "
    "[l IN labels(n) WHERE l <> 'SkillTerm'][0] AS label, 1.0 AS weight, null AS reason, "
    "coalesce(category, n.description) AS about, n.popularity AS popularity "
    "UNION ALL "
    "MATCH (a:Alias)-[r:ALIAS_OF]->(n:SkillTerm) RETURN a.key AS key, n.id AS id, "
    "n.name AS name, [l IN labels(n) WHERE l <> 'SkillTerm'][0] AS label, "
    "r.weight AS weight, r.reason AS reason, null AS about, null AS popularity"
)
TITLE_VOCABULARY = (
    "MATCH (o:Occupation) RETURN o.key AS key, o.code AS code, o.title AS name, 1.0 AS weight "
    "UNION ALL "
    "MATCH (t:Title)-[r:TITLE_OF]->(o:Occupation) RETURN t.key AS key, o.code AS code, "
    "o.title AS name, CASE WHEN r.reported THEN 0.95 ELSE 0.9 END AS weight"
)
