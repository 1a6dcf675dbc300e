"""Writing synthetic people and jobs for the scale benchmark (bench/matching_scale.py), in the
same shape the fact store and the job store write: a tenant of its own, never mixed with real
people."""

__all__ = [
    "ALL_OCCUPATION_CODES",
    "SYNTHETIC_COUNTS",
    "SYNTHETIC_JOBS",
    "SYNTHETIC_PEOPLE",
    "SYNTHETIC_ROLES",
]

ALL_OCCUPATION_CODES = "MATCH (o:Occupation) RETURN o.code AS code ORDER BY code"
SYNTHETIC_PEOPLE = (
    "MERGE (t:Tenant {id: $tenant}) WITH t "
    "UNWIND $people AS p "
    "CREATE (person:Person {id: p.id, tenant_id: $tenant, created_at: $now}) "
    "CREATE (t)-[:HAS_PERSON]->(person) "
    "CREATE (d:Document {id: p.document, tenant_id: $tenant, person_id: p.id, "
    "doc_type: 'resume', status: 'processed'}) "
    "CREATE (person)-[:UPLOADED]->(d) "
    "WITH person, d, p UNWIND p.skills AS fact "
    "MATCH (s:SkillTerm {id: fact.onet_id}) "
    "CREATE (f:Fact {id: fact.id, tenant_id: $tenant, person_id: p.id, kind: 'skill', "
    "value: s.name, normalized: s.name, onet_id: s.id, confidence: fact.confidence, "
    "months: fact.months, valid_to: fact.valid_to, status: 'active', visibility: 'tenant', "
    "recorded_at: $now}) "
    "CREATE (person)-[:HAS_FACT]->(f) CREATE (f)-[:ABOUT]->(s) "
    "CREATE (f)-[:EVIDENCED_BY {kind: fact.kind, page: 1, start: 0, end: size(s.name), "
    "text: s.name, extractor: 'synthetic', extractor_version: '1'}]->(d)"
)
SYNTHETIC_ROLES = (
    "UNWIND $roles AS r "
    "MATCH (person:Person {id: r.person, tenant_id: $tenant})-[:UPLOADED]->(d:Document) "
    "MATCH (o:Occupation {code: r.code}) "
    "CREATE (f:Fact {id: r.id, tenant_id: $tenant, person_id: r.person, kind: 'role', "
    "value: o.title, normalized: o.title, onet_id: o.code, confidence: 0.9, "
    "valid_from: r.valid_from, months: r.months, status: 'active', visibility: 'tenant', "
    "recorded_at: $now}) "
    "CREATE (person)-[:HAS_FACT]->(f) CREATE (f)-[:ABOUT]->(o) "
    "CREATE (f)-[:EVIDENCED_BY {kind: 'work_experience', page: 1, start: 0, "
    "end: size(o.title), text: o.title, extractor: 'synthetic', extractor_version: '1'}]->(d)"
)
SYNTHETIC_JOBS = (
    "MERGE (t:Tenant {id: $tenant}) "
    "MERGE (owner:Person {id: $owner, tenant_id: $tenant}) "
    "WITH t, owner UNWIND $jobs AS job "
    "CREATE (d:Document {id: job.document, tenant_id: $tenant, person_id: $owner, "
    "doc_type: 'job_description', status: 'processed'}) "
    "CREATE (owner)-[:UPLOADED]->(d) "
    "CREATE (j:Job {id: job.id, tenant_id: $tenant, person_id: $owner, title: job.title, "
    "occupation_code: job.code, experience_min: job.experience_min, education: job.education}) "
    "CREATE (t)-[:POSTED]->(j) CREATE (j)-[:DESCRIBED_BY]->(d) "
    "WITH j, job UNWIND job.requirements AS r "
    "MATCH (s:SkillTerm {id: r.onet_id}) "
    "CREATE (j)-[:REQUIRES {required: r.required, confidence: 0.9, page: 1, start: 0, "
    "end: size(s.name), text: s.name}]->(s)"
)
SYNTHETIC_COUNTS = (
    "OPTIONAL MATCH (p:Person {tenant_id: $tenant}) WITH count(p) AS people "
    "OPTIONAL MATCH (j:Job {tenant_id: $tenant}) RETURN people, count(j) AS jobs"
)
