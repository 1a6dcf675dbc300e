"""The Cypher catalogue. Every query takes user values only as `$parameters`.

Some queries are templates over a label or relationship type; those names come from
`model.py` (never from users) and are checked against it before they are formatted in.
Backend-specific fragments come from the dialect.
"""

from .dialect import Dialect
from .model import Label, Rel, SearchLabel

__all__ = [
    "ALIAS_TARGETS",
    "CLEAR_JOB_REQUIREMENTS",
    "CURRENT_RELEASE",
    "DELETE_ORPHAN_ALIASES",
    "DOCUMENT",
    "EDIT_FACT",
    "ENSURE_PERSON",
    "FACT",
    "FACT_HISTORY",
    "JOB",
    "JOB_BY_DOCUMENT",
    "JOB_REQUIREMENTS",
    "LINK_ROLE_FACTS",
    "LINK_SKILL_FACTS",
    "MARK_RELEASE_COMPLETE",
    "MARK_RELEASE_LOADING",
    "OCCUPATION",
    "OCCUPATION_JOB_ZONE",
    "OCCUPATION_RELATED",
    "OCCUPATION_RELATED_COUNT",
    "OCCUPATION_TECHNOLOGIES",
    "OCCUPATION_TECHNOLOGIES_COUNT",
    "OCCUPATION_TITLES",
    "OCCUPATION_TITLES_COUNT",
    "PERSON_DOCUMENTS",
    "PERSON_DOCUMENT_BY_HASH",
    "PERSON_FACTS",
    "PERSON_FACTS_COUNT",
    "PERSON_STORED_BYTES",
    "PERSON_TENANT",
    "QUARANTINE",
    "RELEASE_BY_VERSION",
    "SKILL_VOCABULARY",
    "TITLE_VOCABULARY",
    "UPDATE_DOCUMENT",
    "UPSERT_DOCUMENT",
    "UPSERT_FACTS",
    "UPSERT_JOB",
    "count_label",
    "delete_stale_edges",
    "exact_terms",
    "fulltext_terms",
    "link_facts",
    "occupation_elements",
    "occupation_elements_count",
    "pending_embeddings",
    "set_embeddings",
    "title_occupations",
    "upsert_aliases",
    "upsert_edges",
    "upsert_nodes",
    "vector_terms",
    "vector_terms_each",
]


def _label(name: str) -> str:
    if name not in Label.__members__.values() and name not in SearchLabel.__members__.values():
        raise ValueError(f"{name!r} is not a label of the Careergraph model")
    return name


def _rel(name: str) -> str:
    if name not in Rel.__members__.values():
        raise ValueError(f"{name!r} is not a relationship type of the Careergraph model")
    return name


# --- ontology writes -------------------------------------------------------------------------


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


# --- search ---------------------------------------------------------------------------------

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


# --- occupation detail ----------------------------------------------------------------------

OCCUPATION = (
    "MATCH (o:Occupation {code: $code}) "
    "RETURN o.code AS code, o.title AS title, o.description AS description"
)
OCCUPATION_JOB_ZONE = (
    "MATCH (:Occupation {code: $code})-[:IN_JOB_ZONE]->(z:JobZone) "
    "RETURN z.zone AS zone, z.name AS name, z.experience AS experience, "
    "z.education AS education, z.training AS training, z.examples AS examples"
)


def _rated(rel: str) -> str:
    return f"MATCH (:Occupation {{code: $code}})-[r:{_rel(rel)}]->(e)"


def occupation_elements(rel: str) -> str:
    return (
        f"{_rated(rel)} WHERE coalesce(r.not_relevant, false) = false "
        "RETURN e.id AS id, e.name AS name, r.importance AS importance, r.level AS level "
        "ORDER BY coalesce(r.importance, 0) DESC, e.name SKIP $skip LIMIT $limit"
    )


def occupation_elements_count(rel: str) -> str:
    return f"{_rated(rel)} WHERE coalesce(r.not_relevant, false) = false RETURN count(e) AS count"


_TECH_FILTER = (
    "MATCH (:Occupation {code: $code})-[r:USES_TECHNOLOGY]->(t:Technology) "
    "WHERE ($hot IS NULL OR r.hot = $hot) AND ($in_demand IS NULL OR r.in_demand = $in_demand)"
)
OCCUPATION_TECHNOLOGIES = (
    f"{_TECH_FILTER} OPTIONAL MATCH (t)-[:IN_CATEGORY]->(c:TechnologyCategory) "
    "WITH t, r, collect(c.title)[0] AS category "
    "RETURN t.id AS id, t.name AS name, r.hot AS hot, r.in_demand AS in_demand, "
    "category ORDER BY r.in_demand DESC, r.hot DESC, t.name SKIP $skip LIMIT $limit"
)
OCCUPATION_TECHNOLOGIES_COUNT = f"{_TECH_FILTER} RETURN count(t) AS count"
OCCUPATION_RELATED = (
    "MATCH (:Occupation {code: $code})-[r:RELATED_TO]->(o:Occupation) "
    "RETURN o.code AS code, o.title AS title, r.tier AS tier, r.rank AS rank "
    "ORDER BY r.rank SKIP $skip LIMIT $limit"
)
OCCUPATION_RELATED_COUNT = (
    "MATCH (:Occupation {code: $code})-[:RELATED_TO]->(o:Occupation) RETURN count(o) AS count"
)
OCCUPATION_TITLES = (
    "MATCH (t:Title)-[r:TITLE_OF]->(:Occupation {code: $code}) "
    "RETURN t.name AS name, r.alternate AS alternate, r.reported AS reported, "
    "r.short AS short ORDER BY r.reported DESC, t.name SKIP $skip LIMIT $limit"
)
OCCUPATION_TITLES_COUNT = (
    "MATCH (t:Title)-[:TITLE_OF]->(:Occupation {code: $code}) RETURN count(t) AS count"
)
ALIAS_TARGETS = (
    "MATCH (a:Alias {id: $key})-[r:ALIAS_OF]->(t) "
    "RETURN t.id AS id, t.name AS name, r.weight AS weight ORDER BY r.weight DESC"
)


# --- person data: every query is scoped by tenant, and by person where it has one -------------

SKILL_VOCABULARY = (
    "MATCH (n:SkillTerm) RETURN n.key AS key, n.id AS id, n.name AS name, "
    "[l IN labels(n) WHERE l <> 'SkillTerm'][0] AS label, 1.0 AS weight, null AS reason "
    "UNION ALL "
    "MATCH (a:Alias)-[r:ALIAS_OF]->(n:SkillTerm) RETURN a.key AS key, n.id AS id, "
    "n.name AS name, [l IN labels(n) WHERE l <> 'SkillTerm'][0] AS label, "
    "r.weight AS weight, r.reason AS reason"
)
TITLE_VOCABULARY = (
    "MATCH (o:Occupation) RETURN o.key AS key, o.code AS code, o.title AS name, 1.0 AS weight "
    "UNION ALL "
    "MATCH (t:Title)-[r:TITLE_OF]->(o:Occupation) RETURN t.key AS key, o.code AS code, "
    "o.title AS name, CASE WHEN r.reported THEN 0.95 ELSE 0.9 END AS weight"
)
PERSON_TENANT = "MATCH (p:Person {id: $person}) RETURN p.tenant_id AS tenant"
ENSURE_PERSON = (
    "MERGE (t:Tenant {id: $tenant}) "
    "MERGE (p:Person {id: $person}) ON CREATE SET p.tenant_id = $tenant, p.created_at = $now "
    "MERGE (t)-[:HAS_PERSON]->(p)"
)
PERSON_DOCUMENT_BY_HASH = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:UPLOADED]->(d:Document {sha256: $sha256}) "
    "WHERE d.status IN ['queued', 'processing', 'processed'] RETURN d.id AS id"
)
PERSON_STORED_BYTES = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:UPLOADED]->(d:Document) "
    "WHERE d.status IN ['queued', 'processing', 'processed'] "
    "RETURN coalesce(sum(d.size), 0) AS bytes"
)
UPSERT_DOCUMENT = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) "
    "MERGE (d:Document {id: $id}) SET d += $props, d.tenant_id = $tenant, d.person_id = $person "
    "MERGE (p)-[:UPLOADED]->(d)"
)
# Only facts that happened once can disagree about when: a skill used in two periods can not.
_CONFLICT = (
    "row.kind IN ['role', 'degree'] AND "
    "((row.valid_from IS NOT NULL AND f.valid_from IS NOT NULL AND row.valid_from <> f.valid_from)"
    " OR (row.valid_to IS NOT NULL AND f.valid_to IS NOT NULL AND row.valid_to <> f.valid_to))"
)
UPSERT_FACTS = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) "
    "MATCH (d:Document {id: $document, tenant_id: $tenant}) "
    "UNWIND $rows AS row "
    "MERGE (f:Fact {id: row.id}) "
    "ON CREATE SET f.tenant_id = $tenant, f.person_id = $person, f.kind = row.kind, "
    "f.value = row.value, f.normalized = row.normalized, f.onet_id = row.onet_id, "
    "f.recorded_at = $now, f.confidence = row.confidence, f.status = 'active', "
    "f.valid_from = row.valid_from, f.valid_to = row.valid_to, f.months = row.months, "
    "f.employer = row.employer, f.field = row.field, f.institution = row.institution, "
    "f.metric = row.metric, f.technologies = row.technologies, f.conflict = false "
    # Two documents that disagree on when something was true: both values stay (one on each
    # evidence edge) and the fact is flagged.
    f"ON MATCH SET f.conflict = CASE WHEN {_CONFLICT} THEN true ELSE f.conflict END, "
    f"f.conflict_fields = CASE WHEN {_CONFLICT} THEN ['valid_from', 'valid_to'] "
    "ELSE f.conflict_fields END "
    "SET f.confidence = CASE WHEN row.confidence > f.confidence THEN row.confidence "
    "ELSE f.confidence END, "
    "f.months = CASE WHEN row.months > coalesce(f.months, 0) THEN row.months ELSE f.months END "
    "MERGE (p)-[:HAS_FACT]->(f) "
    "MERGE (f)-[e:EVIDENCED_BY]->(d) "
    "SET e.page = row.page, e.start = row.start, e.end = row.end, e.text = row.text, "
    "e.section = row.section, e.kind = row.evidence_kind, e.extractor = row.extractor, "
    "e.extractor_version = row.extractor_version, e.recorded_at = $now, "
    "e.valid_from = row.valid_from, e.valid_to = row.valid_to, e.months = row.months"
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


_FACT_FIELDS = (
    "f.id AS id, f.kind AS kind, f.value AS value, f.normalized AS normalized, "
    "f.onet_id AS onet_id, f.confidence AS confidence, f.recorded_at AS recorded_at, "
    "f.valid_from AS valid_from, f.valid_to AS valid_to, f.months AS months, "
    "coalesce(f.status, 'active') AS status, coalesce(f.conflict, false) AS conflict, "
    "f.employer AS employer, f.field AS field, f.institution AS institution, "
    "f.metric AS metric, coalesce(f.technologies, []) AS technologies"
)
_LIVE = "coalesce(f.status, 'active') <> 'deleted'"
PERSON_FACTS = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:HAS_FACT]->(f:Fact) "
    f"WHERE ($kind IS NULL OR f.kind = $kind) AND {_LIVE} "
    "AND ($fact IS NULL OR f.id = $fact) "
    "OPTIONAL MATCH (f)-[:EVIDENCED_BY]->(source:Document {id: $document}) "
    "WITH f, source WHERE $document IS NULL OR source IS NOT NULL "
    "WITH f ORDER BY f.confidence DESC, f.kind, f.normalized, f.id SKIP $skip LIMIT $limit "
    "OPTIONAL MATCH (f)-[e:EVIDENCED_BY]->(d:Document {tenant_id: $tenant}) "
    "WITH f, collect(CASE WHEN d IS NULL THEN null ELSE {document: d.id, page: e.page, "
    "start: e.start, end: e.end, text: e.text, section: e.section, kind: e.kind, "
    "extractor: e.extractor, extractor_version: e.extractor_version, valid_from: e.valid_from, "
    "valid_to: e.valid_to} END) AS evidence "
    "OPTIONAL MATCH (f)-[:EVIDENCED_BY]->(x:FactEdit) "
    "WITH f, evidence, collect({edit: x.id, action: x.action, actor: x.actor, at: x.at}) AS edits "
    "OPTIONAL MATCH (f)-[r:USED_IN|AT]->(g:Fact) WHERE coalesce(g.status, 'active') <> 'deleted' "
    f"WITH f, evidence, edits, collect({{rel: type(r), id: g.id, kind: g.kind, "
    "value: coalesce(g.normalized, g.value)}) AS related "
    f"RETURN {_FACT_FIELDS}, evidence, [x IN edits WHERE x.edit IS NOT NULL] AS edits, "
    "[r IN related WHERE r.id IS NOT NULL] AS related "
    "ORDER BY confidence DESC, kind, normalized, id"
)
PERSON_FACTS_COUNT = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:HAS_FACT]->(f:Fact) "
    f"WHERE ($kind IS NULL OR f.kind = $kind) AND {_LIVE} "
    "AND ($fact IS NULL OR f.id = $fact) "
    "OPTIONAL MATCH (f)-[:EVIDENCED_BY]->(source:Document {id: $document}) "
    "WITH f, source WHERE $document IS NULL OR source IS NOT NULL "
    "RETURN count(f) AS count"
)
FACT = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:HAS_FACT]->(f:Fact {id: $id}) "
    f"RETURN {_FACT_FIELDS}"
)
EDIT_FACT = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:HAS_FACT]->(f:Fact {id: $id}) "
    "SET f += $changes "
    "CREATE (x:FactEdit {id: $edit, tenant_id: $tenant, person_id: $person, fact_id: $id, "
    "action: $action, actor: $actor, at: $now, before: $before, after: $after}) "
    "CREATE (x)-[:EDITED]->(f) "
    "CREATE (f)-[:EVIDENCED_BY {kind: 'user_edit', extractor: 'user', "
    "extractor_version: $action, recorded_at: $now}]->(x) "
    f"RETURN {_FACT_FIELDS}"
)
FACT_HISTORY = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:HAS_FACT]->(f:Fact {id: $id}) "
    "MATCH (x:FactEdit)-[:EDITED]->(f) "
    "RETURN x.id AS id, x.action AS action, x.actor AS actor, x.at AS at, "
    "x.before AS before, x.after AS after ORDER BY x.at, x.id"
)
UPSERT_JOB = (
    "MERGE (t:Tenant {id: $tenant}) "
    "WITH t MATCH (d:Document {id: $document, tenant_id: $tenant}) "
    "MERGE (j:Job {id: $id}) SET j += $props, j.tenant_id = $tenant, j.person_id = $person "
    "MERGE (t)-[:POSTED]->(j) MERGE (j)-[:DESCRIBED_BY]->(d)"
)
CLEAR_JOB_REQUIREMENTS = "MATCH (j:Job {id: $id, tenant_id: $tenant})-[old:REQUIRES]->() DELETE old"
JOB_REQUIREMENTS = (
    "MATCH (j:Job {id: $id, tenant_id: $tenant}) UNWIND $rows AS row "
    "MATCH (s:SkillTerm {id: row.onet_id}) "
    "MERGE (j)-[r:REQUIRES]->(s) SET r.required = row.required, r.confidence = row.confidence, "
    "r.page = row.page, r.start = row.start, r.end = row.end, r.text = row.text"
)
JOB = (
    "MATCH (j:Job {id: $id, tenant_id: $tenant}) "
    "OPTIONAL MATCH (j)-[r:REQUIRES]->(s:SkillTerm) "
    "WITH j, r, s ORDER BY r.required DESC, r.confidence DESC, s.name "
    "WITH j, collect(CASE WHEN s IS NULL THEN null ELSE {onet_id: s.id, name: s.name, "
    "required: r.required, confidence: r.confidence, page: r.page, start: r.start, end: r.end, "
    "text: r.text} END) AS skills "
    "MATCH (j)-[:DESCRIBED_BY]->(d:Document) "
    "RETURN j.id AS id, j.person_id AS person_id, d.id AS document_id, j.title AS title, "
    "j.occupation_code AS occupation_code, j.occupation AS occupation, "
    "j.experience_min AS experience_min, j.experience_max AS experience_max, "
    "j.education AS education, j.location AS location, "
    "j.work_arrangement AS work_arrangement, coalesce(j.other_skills, []) AS other_skills, "
    "skills"
)
JOB_BY_DOCUMENT = (
    "MATCH (j:Job {tenant_id: $tenant})-[:DESCRIBED_BY]->(:Document {id: $document}) "
    "RETURN j.id AS id"
)
_DOCUMENT_FIELDS = (
    "d.id AS id, d.person_id AS person_id, d.filename AS filename, d.status AS status, "
    "coalesce(d.progress, 0.0) AS progress, d.doc_type AS doc_type, "
    "d.doc_type_confidence AS doc_type_confidence, d.sha256 AS sha256, "
    "d.text_chars AS text_chars, d.facts AS fact_count, d.flags AS flags, "
    "d.error_code AS error_code, d.error AS error, d.error_hint AS error_hint, "
    "d.uploaded_at AS uploaded_at, d.job_id AS job_id"
)
PERSON_DOCUMENTS = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:UPLOADED]->(d:Document) "
    f"RETURN {_DOCUMENT_FIELDS} ORDER BY d.uploaded_at DESC"
)
DOCUMENT = f"MATCH (d:Document {{id: $id, tenant_id: $tenant}}) RETURN {_DOCUMENT_FIELDS}"
UPDATE_DOCUMENT = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:UPLOADED]->(d:Document {id: $id}) "
    "SET d += $props"
)
QUARANTINE = (
    "MERGE (q:QuarantinedFile {id: $id}) SET q.tenant_id = $tenant, q.person_id = $person, "
    "q.sha256 = $sha256, q.size = $size, q.code = $code, q.reason = $reason, q.at = $now"
)
