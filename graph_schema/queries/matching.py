"""What matching reads: people's visible facts with their evidence, a tenant's jobs with their
requirements, and the ontology around the skills involved. Every person-data query is scoped
by tenant (and by the people asked for)."""

__all__ = [
    "CANDIDATES_FOR_TERMS",
    "INDEX_PEOPLE",
    "JOBS_FOR_TERMS",
    "JOBS_OF_PEOPLE",
    "JOB_REQUIREMENTS_FOR_MATCH",
    "PEOPLE_FACTS_FOR_MATCH",
    "PEOPLE_FACTS_FOR_SCORING",
    "PEOPLE_LIVE",
    "SKILL_TERMS_FOR_MATCH",
    "TENANT_JOBS",
]

# Live facts a caller may count: private ones only when `$private` (the person themselves).
# WITH: start from the people (by index), not from every Fact of the graph.
_LIVE_FACTS_OF_PEOPLE = (
    "UNWIND $people AS pid "
    "MATCH (p:Person {id: pid, tenant_id: $tenant}) WHERE p.deleting IS NULL "
    "WITH pid, p MATCH (p)-[:HAS_FACT]->(f:Fact) "
    "WHERE f.kind IN ['skill', 'role', 'degree', 'certification', 'project'] "
    "AND coalesce(f.status, 'active') <> 'deleted' "
    "AND ($private OR coalesce(f.visibility, 'tenant') = 'tenant') "
)
PEOPLE_FACTS_FOR_MATCH = (
    _LIVE_FACTS_OF_PEOPLE + "OPTIONAL MATCH (f)-[e:EVIDENCED_BY]->(src) "
    "WITH pid, f, collect(CASE WHEN e IS NULL THEN null ELSE {kind: e.kind, page: e.page, "
    "start: e.start, end: e.end, text: e.text, turn: e.turn, source: src.id, "
    "source_label: labels(src)[0]} END) AS evidence "
    "RETURN pid AS person, f.id AS id, f.kind AS kind, f.value AS value, "
    "f.normalized AS normalized, f.onet_id AS onet_id, f.confidence AS confidence, "
    "f.valid_from AS valid_from, f.valid_to AS valid_to, f.months AS months, "
    "coalesce(f.status, 'active') AS status, evidence "
    "ORDER BY pid, f.id"
)
# The same facts with only the kinds of their evidence: what a score needs, for every candidate.
PEOPLE_FACTS_FOR_SCORING = (
    _LIVE_FACTS_OF_PEOPLE + "OPTIONAL MATCH (f)-[e:EVIDENCED_BY]->() "
    "WITH pid, f, collect(e.kind) AS kinds "
    "RETURN pid AS person, f.id AS id, f.kind AS kind, f.value AS value, "
    "f.normalized AS normalized, f.onet_id AS onet_id, f.confidence AS confidence, "
    "f.valid_from AS valid_from, f.valid_to AS valid_to, f.months AS months, kinds "
    "ORDER BY pid, f.id"
)
JOB_REQUIREMENTS_FOR_MATCH = (
    "UNWIND $jobs AS jid "
    "MATCH (j:Job {id: jid, tenant_id: $tenant}) "
    # WITH: find each owner by index once the job is known (no join over every person)
    "WITH j MATCH (owner:Person {tenant_id: $tenant, id: j.person_id}) "
    "WHERE owner.deleting IS NULL "
    "OPTIONAL MATCH (j)-[r:REQUIRES]->(s:SkillTerm) "
    "WITH j, collect(CASE WHEN s IS NULL THEN null ELSE {onet_id: s.id, name: s.name, "
    "required: r.required, confidence: r.confidence, page: r.page, start: r.start, "
    "end: r.end, text: r.text} END) AS requirements "
    "OPTIONAL MATCH (j)-[:DESCRIBED_BY]->(d:Document) "
    # the occupations whose years count as experience for the job (O*NET's related ones)
    "OPTIONAL MATCH (:Occupation {code: j.occupation_code})-[:RELATED_TO]->(rel:Occupation) "
    "WITH j, d, requirements, collect(rel.code) AS related "
    "RETURN j.id AS id, j.person_id AS person_id, d.id AS document_id, j.title AS title, "
    "j.occupation_code AS occupation_code, j.experience_min AS experience_min, "
    "j.experience_max AS experience_max, j.education AS education, requirements, related "
    "ORDER BY j.id"
)
TENANT_JOBS = (
    "MATCH (j:Job {tenant_id: $tenant}) "
    "WITH j MATCH (owner:Person {tenant_id: $tenant, id: j.person_id}) "
    "WHERE owner.deleting IS NULL "
    "RETURN j.id AS id ORDER BY j.id LIMIT $limit"
)
# The terms themselves and the other technologies of their commodities (the ladder's first
# three rungs): where candidates and jobs come from.
_TERMS_AND_SIBLINGS = (
    "MATCH (s:SkillTerm) WHERE s.id IN $terms "
    "OPTIONAL MATCH (s)-[:IN_CATEGORY]->(:TechnologyCategory)<-[:IN_CATEGORY]-(sibling) "
    "WITH collect(DISTINCT s) + collect(DISTINCT sibling) AS terms "
    "UNWIND terms AS n "
)
CANDIDATES_FOR_TERMS = (
    _TERMS_AND_SIBLINGS + "MATCH (n)<-[:ABOUT]-(f:Fact {tenant_id: $tenant}) "
    "WHERE coalesce(f.status, 'active') <> 'deleted' "
    "AND coalesce(f.visibility, 'tenant') = 'tenant' "
    "MATCH (p:Person {id: f.person_id, tenant_id: $tenant})-[:HAS_FACT]->(f) "
    "WHERE p.deleting IS NULL "
    "RETURN p.id AS person, count(DISTINCT n) AS hits ORDER BY hits DESC, person LIMIT $limit"
)
JOBS_FOR_TERMS = (
    _TERMS_AND_SIBLINGS + "MATCH (n)<-[:REQUIRES]-(j:Job {tenant_id: $tenant}) "
    "WITH j, count(DISTINCT n) AS hits "
    "MATCH (owner:Person {tenant_id: $tenant, id: j.person_id}) WHERE owner.deleting IS NULL "
    "RETURN j.id AS job, hits ORDER BY hits DESC, job LIMIT $limit"
)
SKILL_TERMS_FOR_MATCH = (
    "MATCH (s:SkillTerm) WHERE s.id IN $ids "
    "OPTIONAL MATCH (s)-[:IN_CATEGORY]->(c:TechnologyCategory) "
    "RETURN s.id AS id, s.name AS name, labels(s) AS labels, s.embedding AS embedding, "
    "c.id AS category, c.title AS category_title"
)
# A tenant's people and jobs for the matching index (engine.matching.index).
INDEX_PEOPLE = (
    "MATCH (p:Person {tenant_id: $tenant}) WHERE p.deleting IS NULL RETURN p.id AS id ORDER BY id"
)
PEOPLE_LIVE = (
    "UNWIND $people AS pid MATCH (p:Person {id: pid, tenant_id: $tenant}) "
    "WHERE p.deleting IS NULL RETURN p.id AS id"
)
JOBS_OF_PEOPLE = (
    "UNWIND $people AS pid MATCH (j:Job {person_id: pid}) WHERE j.tenant_id = $tenant "
    "RETURN j.id AS id ORDER BY id"
)
