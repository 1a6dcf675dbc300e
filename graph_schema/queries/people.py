"""Tenants and people. A person is (tenant_id, id): the same id in two tenants is two people."""

__all__ = ["ENSURE_PERSON", "PERSON", "PERSON_DELETING"]

# Atomic: the (tenant_id, id) uniqueness constraint makes a concurrent second create fail
# (and be retried as a match) rather than make two people.
ENSURE_PERSON = (
    "MERGE (t:Tenant {id: $tenant}) "
    "MERGE (p:Person {tenant_id: $tenant, id: $person}) ON CREATE SET p.created_at = $now "
    "MERGE (t)-[:HAS_PERSON]->(p) "
    "RETURN coalesce(p.deleting, false) AS deleting"
)
PERSON = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) WHERE p.deleting IS NULL "
    "RETURN p.id AS id, p.created_at AS created_at"
)
PERSON_DELETING = (
    "MATCH (p:Person {tenant_id: $tenant, id: $person}) "
    "RETURN coalesce(p.deleting, false) AS deleting"
)
