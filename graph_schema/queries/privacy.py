"""Everything held about one person, and deleting it: a document with what was learned only
from it, or the whole person. Labels come from `model.PERSON_LABELS`, never from users."""

from ._names import label as _label

__all__ = [
    "DELETE_DOCUMENT_NODE",
    "DELETE_FACTS",
    "DELETE_JOB_OF_DOCUMENT",
    "DELETE_PERSON_RECORDING",
    "DOCUMENT_OF_PERSON",
    "MARK_DELETING",
    "PENDING_DELETIONS",
    "PERSON_NODE",
    "delete_owned_batch",
    "owned_edges",
    "owned_nodes",
    "person_edges",
]


def owned_nodes(label: str) -> str:
    """Every node of `label` that belongs to the person, with all its properties."""
    return (
        f"MATCH (n:{_label(label)} {{tenant_id: $tenant, person_id: $person}}) "
        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties"
    )


def owned_edges(label: str) -> str:
    """Every relationship of a node of `label` that belongs to the person, either way."""
    return (
        f"MATCH (n:{_label(label)} {{tenant_id: $tenant, person_id: $person}})-[r]-(m) "
        "RETURN startNode(r).id AS source, type(r) AS type, endNode(r).id AS target, "
        "labels(m) AS other_labels, properties(r) AS properties"
    )


def delete_owned_batch(label: str) -> str:
    return (
        f"MATCH (n:{_label(label)} {{tenant_id: $tenant, person_id: $person}}) "
        "WITH n LIMIT $batch DETACH DELETE n RETURN count(n) AS deleted"
    )


DOCUMENT_OF_PERSON = (
    "MATCH (:Person {id: $person, tenant_id: $tenant})-[:UPLOADED]->"
    "(d:Document {id: $document, tenant_id: $tenant}) RETURN d.id AS id, d.job_id AS job_id"
)
DELETE_FACTS = (
    "UNWIND $ids AS fid MATCH (f:Fact {id: fid, tenant_id: $tenant, person_id: $person}) "
    "OPTIONAL MATCH (x:FactEdit {tenant_id: $tenant, person_id: $person})-[:EDITED]->(f) "
    "DETACH DELETE x, f"
)
DELETE_JOB_OF_DOCUMENT = (
    "MATCH (j:Job {tenant_id: $tenant, person_id: $person})-[:DESCRIBED_BY]->"
    "(:Document {id: $document, tenant_id: $tenant}) DETACH DELETE j RETURN count(j) AS deleted"
)
DELETE_DOCUMENT_NODE = (
    "MATCH (d:Document {id: $document, tenant_id: $tenant, person_id: $person}) DETACH DELETE d"
)
MARK_DELETING = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) "
    "SET p.deleting = coalesce(p.deleting, $now), p.deletion_id = coalesce(p.deletion_id, $id), "
    "p.deletion_requested_by = coalesce(p.deletion_requested_by, $requested_by) "
    "RETURN p.deletion_id AS id, p.deletion_requested_by AS requested_by"
)
PENDING_DELETIONS = (
    "MATCH (p:Person) WHERE p.deleting IS NOT NULL "
    "RETURN p.tenant_id AS tenant, p.id AS person, p.deletion_id AS id, "
    "p.deletion_requested_by AS requested_by"
)
DELETE_PERSON_RECORDING = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) DETACH DELETE p "
    "MERGE (r:Deletion {id: $id}) SET r.tenant_id = $tenant, r.at = $now, "
    "r.requested_by = $requested_by, r.counts = $counts"
)
PERSON_NODE = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) "
    "RETURN p.id AS id, labels(p) AS labels, properties(p) AS properties"
)


def person_edges() -> str:
    return (
        "MATCH (p:Person {id: $person, tenant_id: $tenant})-[r]-(m) "
        "RETURN startNode(r).id AS source, type(r) AS type, endNode(r).id AS target, "
        "labels(m) AS other_labels, properties(r) AS properties"
    )
