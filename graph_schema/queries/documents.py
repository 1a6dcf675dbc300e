"""A person's uploaded documents and refused uploads (metadata only: never the content)."""

__all__ = [
    "DOCUMENT",
    "PERSON_DOCUMENTS",
    "PERSON_DOCUMENT_BY_HASH",
    "PERSON_STORED_BYTES",
    "QUARANTINE",
    "UPDATE_DOCUMENT",
    "UPSERT_DOCUMENT",
]

_OWNED = "(:Person {id: $person, tenant_id: $tenant})-[:UPLOADED]->"
PERSON_DOCUMENT_BY_HASH = (
    f"MATCH {_OWNED}(d:Document {{sha256: $sha256}}) WHERE d.status IN $holding RETURN d.id AS id"
)
PERSON_STORED_BYTES = (
    f"MATCH {_OWNED}(d:Document) WHERE d.status IN $holding "
    "RETURN coalesce(sum(d.size), 0) AS bytes"
)
UPSERT_DOCUMENT = (
    "MATCH (p:Person {id: $person, tenant_id: $tenant}) "
    "MERGE (d:Document {id: $id}) SET d += $props, d.tenant_id = $tenant, d.person_id = $person "
    "MERGE (p)-[:UPLOADED]->(d)"
)
_DOCUMENT_FIELDS = (
    "d.id AS id, d.person_id AS person_id, d.filename AS filename, d.status AS status, "
    "coalesce(d.progress, 0.0) AS progress, d.doc_type AS doc_type, "
    "d.doc_type_confidence AS doc_type_confidence, d.sha256 AS sha256, "
    "d.text_chars AS text_chars, d.facts AS fact_count, coalesce(d.flags, []) AS flags, "
    "d.error_code AS error_code, d.error AS error, d.error_hint AS error_hint, "
    "d.uploaded_at AS uploaded_at, d.job_id AS job_id, d.language AS language, "
    "d.doc_type_source AS doc_type_source"
)
PERSON_DOCUMENTS = (
    f"MATCH {_OWNED}(d:Document) RETURN {_DOCUMENT_FIELDS} ORDER BY d.uploaded_at DESC"
)
# Scoped by tenant only: a recruiter asks for a document by id; the caller checks the person.
DOCUMENT = (
    "MATCH (p:Person {tenant_id: $tenant})-[:UPLOADED]->(d:Document {id: $id, tenant_id: $tenant}) "
    f"WHERE p.deleting IS NULL RETURN {_DOCUMENT_FIELDS}"
)
UPDATE_DOCUMENT = f"MATCH {_OWNED}(d:Document {{id: $id}}) SET d += $props"
QUARANTINE = (
    "MERGE (q:QuarantinedFile {id: $id}) SET q.tenant_id = $tenant, q.person_id = $person, "
    "q.sha256 = $sha256, q.size = $size, q.code = $code, q.reason = $reason, q.at = $now"
)
