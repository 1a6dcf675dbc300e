"""What insights read from the ontology around a person's occupations and technologies (the
person's own facts come through the matching queries, scoped by tenant and person)."""

__all__ = [
    "ELEMENT_SPREAD",
    "OCCUPATION_ELEMENTS_FOR",
    "OCCUPATION_SUMMARY",
    "OCCUPATION_TECHNOLOGIES_FOR",
    "RATED_OCCUPATIONS",
    "RELATED_OCCUPATIONS_OF",
    "TECHNOLOGY_NEIGHBOURS",
    "TECHNOLOGY_SPREAD",
]

OCCUPATION_SUMMARY = (
    "MATCH (o:Occupation) WHERE o.code IN $codes "
    "OPTIONAL MATCH (o)-[:IN_JOB_ZONE]->(z:JobZone) "
    "RETURN o.code AS code, o.title AS title, z.zone AS zone"
)
OCCUPATION_ELEMENTS_FOR = (
    "MATCH (o:Occupation) WHERE o.code IN $codes "
    "MATCH (o)-[r:REQUIRES_SKILL|REQUIRES_KNOWLEDGE]->(e) "
    "WHERE r.importance >= $importance AND coalesce(r.not_relevant, false) = false "
    "RETURN o.code AS code, e.id AS id, e.name AS name, r.importance AS importance"
)
OCCUPATION_TECHNOLOGIES_FOR = (
    "MATCH (o:Occupation) WHERE o.code IN $codes "
    "MATCH (o)-[u:USES_TECHNOLOGY]->(t:Technology) "
    "RETURN o.code AS code, t.id AS id, t.name AS name, coalesce(u.hot, false) AS hot, "
    "coalesce(u.in_demand, false) AS in_demand"
)
RELATED_OCCUPATIONS_OF = (
    "MATCH (o:Occupation) WHERE o.code IN $codes "
    "MATCH (o)-[r:RELATED_TO]->(n:Occupation) "
    "RETURN o.code AS source, n.code AS target, r.tier AS tier, r.rank AS rank"
)
# Technologies used by the occupations that use the person's technologies, with how many of
# those occupations use both: co-occurrence across O*NET's occupation profiles.
TECHNOLOGY_NEIGHBOURS = (
    "MATCH (t:Technology) WHERE t.id IN $ids "
    "MATCH (t)<-[:USES_TECHNOLOGY]-(o:Occupation)-[:USES_TECHNOLOGY]->(b:Technology) "
    "WHERE NOT b.id IN $ids "
    "RETURN t.id AS source, b.id AS id, b.name AS name, count(DISTINCT o) AS together"
)
TECHNOLOGY_SPREAD = (
    "MATCH (t:Technology) WHERE t.id IN $ids "
    "MATCH (t)<-[:USES_TECHNOLOGY]-(o:Occupation) "
    "RETURN t.id AS id, count(DISTINCT o) AS occupations"
)
# How many occupations rate each element important: one nearly all rate (Active Listening)
# says nothing about a person.
ELEMENT_SPREAD = (
    "MATCH (o:Occupation)-[r:REQUIRES_SKILL|REQUIRES_KNOWLEDGE]->(e) "
    "WHERE r.importance >= $importance AND coalesce(r.not_relevant, false) = false "
    "RETURN e.id AS id, count(DISTINCT o) AS occupations"
)
RATED_OCCUPATIONS = (
    "MATCH (o:Occupation) WHERE (o)-[:REQUIRES_SKILL|REQUIRES_KNOWLEDGE]->() "
    "RETURN count(o) AS occupations"
)
