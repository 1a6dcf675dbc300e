"""The person-data schema version the graph holds, and the batched steps that migrate it."""

__all__ = [
    "ANY_PERSON",
    "EVIDENCE_CONFIDENCE_BATCH",
    "FACT_VISIBILITY_BATCH",
    "SCHEMA_VERSION",
    "SET_SCHEMA_VERSION",
]

SCHEMA_VERSION = "MATCH (v:SchemaVersion {id: 'person-data'}) RETURN v.version AS version"
SET_SCHEMA_VERSION = (
    "MERGE (v:SchemaVersion {id: 'person-data'}) SET v.version = $version, v.updated_at = $now"
)
ANY_PERSON = "MATCH (p:Person) RETURN p.id AS id LIMIT 1"
# Each returns how many it changed; run until 0 (safe to stop and run again at any point).
FACT_VISIBILITY_BATCH = (
    "MATCH (f:Fact) WHERE f.visibility IS NULL WITH f LIMIT $batch "
    "SET f.visibility = 'tenant' RETURN count(f) AS changed"
)
EVIDENCE_CONFIDENCE_BATCH = (
    "MATCH (f:Fact)-[e:EVIDENCED_BY]->(:Document) WHERE e.confidence IS NULL "
    "WITH f, e LIMIT $batch SET e.confidence = f.confidence RETURN count(e) AS changed"
)
