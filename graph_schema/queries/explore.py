"""Recruiter exploration: a skill's neighbourhood in the ontology and the tenant's people who
have it. Person data is scoped by tenant, live and not private."""

__all__ = [
    "PEOPLE_WITH_TERMS",
    "SKILL_CATEGORY_SIBLINGS",
    "SKILL_NODE",
    "SKILL_OCCUPATIONS",
]

SKILL_NODE = "MATCH (s:SkillTerm {id: $id}) RETURN s.id AS id, s.name AS name, labels(s) AS labels"
SKILL_CATEGORY_SIBLINGS = (
    "MATCH (s:SkillTerm) WHERE s.id IN $ids "
    "MATCH (s)-[:IN_CATEGORY]->(c:TechnologyCategory)<-[:IN_CATEGORY]-(t:SkillTerm) "
    "WHERE t.id <> s.id "
    "RETURN s.id AS source, c.id AS category, c.title AS title, t.id AS id, t.name AS name "
    "ORDER BY source, t.name LIMIT $limit"
)
SKILL_OCCUPATIONS = (
    "MATCH (s:SkillTerm {id: $id})<-[r:REQUIRES_SKILL|REQUIRES_KNOWLEDGE|USES_TECHNOLOGY"
    "|USES_TOOL]-(o:Occupation) "
    "RETURN o.code AS code, o.title AS title, type(r) AS rel, r.importance AS importance, "
    "coalesce(r.hot, false) AS hot "
    "ORDER BY coalesce(r.importance, 0) DESC, hot DESC, o.title LIMIT $limit"
)
PEOPLE_WITH_TERMS = (
    "MATCH (s:SkillTerm) WHERE s.id IN $ids "
    "MATCH (s)<-[:ABOUT]-(f:Fact {tenant_id: $tenant}) "
    "WHERE coalesce(f.status, 'active') <> 'deleted' "
    "AND coalesce(f.visibility, 'tenant') = 'tenant' "
    "MATCH (p:Person {id: f.person_id, tenant_id: $tenant})-[:HAS_FACT]->(f) "
    "WHERE p.deleting IS NULL "
    "RETURN p.id AS person, s.id AS term, f.id AS fact ORDER BY person, term LIMIT $limit"
)
