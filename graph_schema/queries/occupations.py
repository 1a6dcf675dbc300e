"""One occupation and what O*NET rates for it."""

__all__ = [
    "ALIAS_TARGETS",
    "OCCUPATION",
    "OCCUPATION_JOB_ZONE",
    "OCCUPATION_RELATED",
    "OCCUPATION_RELATED_COUNT",
    "OCCUPATION_TECHNOLOGIES",
    "OCCUPATION_TECHNOLOGIES_COUNT",
    "OCCUPATION_TITLES",
    "OCCUPATION_TITLES_COUNT",
    "occupation_elements",
    "occupation_elements_count",
]


from ._names import rel as _rel

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
