"""Jobs read from job descriptions: what a job asks for, linked to ontology terms."""

__all__ = ["CLEAR_JOB_REQUIREMENTS", "JOB", "JOB_REQUIREMENTS", "UPSERT_JOB"]

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
    "WITH j MATCH (owner:Person {tenant_id: $tenant, id: j.person_id}) "
    "WHERE owner.deleting IS NULL "
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
    "j.seniority AS seniority, j.quality AS quality, "
    "skills"
)
