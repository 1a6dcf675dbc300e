"""A person's facts, their evidence, relations and edits. Every query is scoped by tenant and
person. The property lists come from the engine's fact model (`fields` arguments); they are
checked to be plain names before they are formatted in."""

from ._names import prop_list
from ._names import rel as _rel

__all__ = [
    "DELETE_EVIDENCE",
    "EDIT_FACT",
    "FACT_HISTORY",
    "FACT_SOURCES",
    "LINK_ROLE_FACTS",
    "LINK_SKILL_FACTS",
    "RECOMPUTE_FACT",
    "SET_VISIBILITY",
    "fact_fields",
    "link_facts",
    "person_facts",
    "person_facts_count",
    "upsert_facts",
]

# Only facts that happened once can disagree about when: a skill used in two periods can not.
_CONFLICT = (
    "row.fact.kind IN ['role', 'degree'] AND "
    "((row.fact.valid_from IS NOT NULL AND f.valid_from IS NOT NULL "
    "AND row.fact.valid_from <> f.valid_from) OR (row.fact.valid_to IS NOT NULL "
    "AND f.valid_to IS NOT NULL AND row.fact.valid_to <> f.valid_to))"
)
_SCOPED_FACT = "(f:Fact {id: $id, tenant_id: $tenant, person_id: $person})"


def _source(label: str) -> str:
    """Match the source a batch of facts rests on: a Document of the person, or a
    conversation session (made on its first answer)."""
    if label == "Document":
        return (
            "MATCH (p:Person {id: $person, tenant_id: $tenant}) "
            "MATCH (p)-[:UPLOADED]->(d:Document {id: $source, tenant_id: $tenant}) "
        )
    if label == "ConversationSession":
        return (
            "MATCH (p:Person {id: $person, tenant_id: $tenant}) "
            "MERGE (d:ConversationSession {id: $source, tenant_id: $tenant, person_id: $person}) "
            "MERGE (p)-[:HAS_SESSION]->(d) WITH p, d "
        )
    raise ValueError(f"{label!r} is not a source of facts")


def upsert_facts(source: str, fields: tuple[str, ...], evidence: tuple[str, ...]) -> str:
    """Rows {id, fact: {fields}, evidence: {evidence fields}}: each fact made once per person
    (the first source sets it), each source adds its evidence edge; the fact keeps the best
    confidence and longest experience, and is flagged when sources disagree on its dates."""
    create = ", ".join(f"f.{p} = row.fact.{p}" for p in prop_list(fields))
    edge = ", ".join(f"e.{p} = row.evidence.{p}" for p in prop_list(evidence))
    return (
        f"{_source(source)}"
        "UNWIND $rows AS row "
        "MERGE (f:Fact {id: row.id}) "
        f"ON CREATE SET {create}, f.tenant_id = $tenant, f.person_id = $person, "
        "f.recorded_at = $now, f.status = 'active', f.visibility = 'tenant', f.conflict = false "
        f"ON MATCH SET f.conflict = CASE WHEN {_CONFLICT} THEN true ELSE f.conflict END, "
        f"f.conflict_fields = CASE WHEN {_CONFLICT} THEN ['valid_from', 'valid_to'] "
        "ELSE f.conflict_fields END "
        "SET f.confidence = CASE WHEN row.fact.confidence > f.confidence "
        "THEN row.fact.confidence ELSE f.confidence END, "
        "f.months = CASE WHEN row.fact.months > coalesce(f.months, 0) THEN row.fact.months "
        "ELSE f.months END "
        "MERGE (p)-[:HAS_FACT]->(f) "
        "MERGE (f)-[e:EVIDENCED_BY]->(d) "
        f"SET {edge}, e.recorded_at = $now "
        "RETURN row.id AS id, f.recorded_at = $now AS created"
    )


LINK_SKILL_FACTS = (
    "UNWIND $rows AS row MATCH (f:Fact {id: row.id, tenant_id: $tenant, person_id: $person}) "
    "MATCH (o:SkillTerm {id: row.onet_id}) MERGE (f)-[:ABOUT]->(o)"
)
LINK_ROLE_FACTS = (
    "UNWIND $rows AS row MATCH (f:Fact {id: row.id, tenant_id: $tenant, person_id: $person}) "
    "MATCH (o:Occupation {code: row.onet_id}) MERGE (f)-[:ABOUT]->(o)"
)


def link_facts(rel: str) -> str:
    """Relate facts of one person: `$links` rows of {source, target} fact ids."""
    return (
        "UNWIND $links AS l "
        "MATCH (a:Fact {id: l.source, tenant_id: $tenant, person_id: $person}) "
        "MATCH (b:Fact {id: l.target, tenant_id: $tenant, person_id: $person}) "
        f"MERGE (a)-[:{_rel(rel)}]->(b)"
    )


def fact_fields(fields: tuple[str, ...]) -> str:
    own = ", ".join(f"f.{p} AS {p}" for p in prop_list(fields) if p != "technologies")
    return (
        f"f.id AS id, {own}, coalesce(f.technologies, []) AS technologies, "
        "f.recorded_at AS recorded_at, coalesce(f.status, 'active') AS status, "
        "coalesce(f.visibility, 'tenant') AS visibility, coalesce(f.conflict, false) AS conflict"
    )


# What a caller may see: live facts, and private ones only when `$private` (the person, admins).
_FILTER = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) WHERE p.deleting IS NULL "
    # the fact's own scope lets the planner start from the person's facts (by index), not
    # from every fact of the graph (75 ms against 10 ms for one of 660 people in a tenant)
    "MATCH (p)-[:HAS_FACT]->(f:Fact {tenant_id: $tenant, person_id: $person}) "
    "WHERE ($kind IS NULL OR f.kind = $kind) "
    "AND ($deleted OR coalesce(f.status, 'active') <> 'deleted') "
    "AND ($private OR coalesce(f.visibility, 'tenant') = 'tenant') "
    "AND ($fact IS NULL OR f.id = $fact) "
    "OPTIONAL MATCH (f)-[:EVIDENCED_BY]->(source:Document {id: $document, tenant_id: $tenant}) "
    "WITH f, source WHERE $document IS NULL OR source IS NOT NULL "
)


def _evidence_map(evidence: tuple[str, ...], source: str, id_key: str) -> str:
    props = ", ".join(f"{p}: e.{p}" for p in prop_list(evidence))
    return f"{{source: '{source}', {id_key}: d.id, {props}, recorded_at: e.recorded_at}}"


def person_facts(
    fields: tuple[str, ...], document_evidence: tuple[str, ...], turn_evidence: tuple[str, ...]
) -> str:
    return (
        f"{_FILTER}"
        "WITH f ORDER BY f.confidence DESC, f.kind, f.normalized, f.id SKIP $skip LIMIT $limit "
        "OPTIONAL MATCH (f)-[e:EVIDENCED_BY]->(d:Document {tenant_id: $tenant}) "
        "WITH f, collect(CASE WHEN d IS NULL THEN null ELSE "
        f"{_evidence_map(document_evidence, 'document', 'document')} END) AS docs "
        "OPTIONAL MATCH (f)-[e:EVIDENCED_BY]->(d:ConversationSession {tenant_id: $tenant}) "
        "WITH f, docs, collect(CASE WHEN d IS NULL THEN null ELSE "
        f"{_evidence_map(turn_evidence, 'conversation', 'session')} END) AS turns "
        "OPTIONAL MATCH (f)-[:EVIDENCED_BY]->(x:FactEdit) "
        "WITH f, docs + turns AS evidence, "
        "collect({edit: x.id, action: x.action, actor: x.actor, at: x.at}) AS edits "
        "OPTIONAL MATCH (f)-[r:USED_IN|AT]->(g:Fact) "
        "WHERE coalesce(g.status, 'active') <> 'deleted' "
        "AND ($private OR coalesce(g.visibility, 'tenant') = 'tenant') "
        "WITH f, evidence, edits, collect({rel: type(r), id: g.id, kind: g.kind, "
        "value: coalesce(g.normalized, g.value)}) AS related "
        f"RETURN {fact_fields(fields)}, evidence, "
        "[x IN edits WHERE x.edit IS NOT NULL] AS edits, "
        "[r IN related WHERE r.id IS NOT NULL] AS related "
        "ORDER BY confidence DESC, kind, normalized, id"
    )


def person_facts_count() -> str:
    return f"{_FILTER}RETURN count(f) AS count"


EDIT_FACT = (
    f"MATCH (:Person {{id: $person, tenant_id: $tenant}})-[:HAS_FACT]->{_SCOPED_FACT} "
    "SET f += $changes "
    "CREATE (x:FactEdit {id: $edit, tenant_id: $tenant, person_id: $person, fact_id: $id, "
    "action: $action, actor: $actor, at: $now, before: $before, after: $after}) "
    "CREATE (x)-[:EDITED]->(f) "
    "CREATE (f)-[:EVIDENCED_BY {kind: 'user_edit', extractor: 'user', "
    "extractor_version: $action, recorded_at: $now}]->(x) "
    "RETURN f.id AS id"
)
SET_VISIBILITY = (
    f"MATCH (:Person {{id: $person, tenant_id: $tenant}})-[:HAS_FACT]->{_SCOPED_FACT} "
    "WHERE coalesce(f.status, 'active') <> 'deleted' SET f.visibility = $visibility "
    "RETURN f.id AS id"
)
FACT_HISTORY = (
    f"MATCH (:Person {{id: $person, tenant_id: $tenant}})-[:HAS_FACT]->{_SCOPED_FACT} "
    "WHERE $private OR coalesce(f.visibility, 'tenant') = 'tenant' "
    "MATCH (x:FactEdit)-[:EDITED]->(f) "
    "RETURN x.id AS id, x.action AS action, x.actor AS actor, x.at AS at, "
    "x.before AS before, x.after AS after ORDER BY x.at, x.id"
)
# Deleting a document: which facts rest on it, and on what else.
FACT_SOURCES = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:UPLOADED]->"
    "(d:Document {id: $document, tenant_id: $tenant})<-[:EVIDENCED_BY]-(f:Fact) "
    "OPTIONAL MATCH (f)-[e:EVIDENCED_BY]->(other) WHERE other <> d AND NOT other:FactEdit "
    "RETURN f.id AS id, f.kind AS kind, coalesce(f.status, 'active') AS status, "
    "collect(CASE WHEN other IS NULL THEN null ELSE {confidence: e.confidence, "
    "valid_from: e.valid_from, valid_to: e.valid_to, months: e.months} END) AS others"
)
DELETE_EVIDENCE = (
    "MATCH (f:Fact {tenant_id: $tenant, person_id: $person})-[e:EVIDENCED_BY]->"
    "(:Document {id: $document, tenant_id: $tenant, person_id: $person}) DELETE e"
)
RECOMPUTE_FACT = (
    "UNWIND $rows AS row "
    "MATCH (f:Fact {id: row.id, tenant_id: $tenant, person_id: $person}) SET f += row.props"
)
