"""A person's documents and the facts mined from them, kept in the graph with provenance.

Every read and write is scoped by tenant and person. The same content uploaded twice is one
document; the same fact found in two documents is one Fact with two evidence edges.
"""

import asyncio
import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from graph_schema import GraphStore
from graph_schema import queries as q

from .documents.errors import DocumentRejected
from .documents.pipeline import DocumentPipeline
from .errors import NotFound
from .models import Page

__all__ = ["DocumentInfo", "FactEvidence", "IngestResult", "PersonFact", "Profiles"]

_IDS = uuid.UUID("6f1d3c0e-1c7a-4b7e-9a55-0c2b9f3e8d21")


class IngestResult(BaseModel):
    document_id: str
    status: str
    """"processed", or "duplicate" when this person already uploaded the same content."""
    doc_type: str | None = None
    doc_type_confidence: float | None = None
    facts: int = 0
    flags: list[str] = []
    instructions: int = 0


class FactEvidence(BaseModel):
    document: str
    page: int
    start: int
    end: int
    text: str
    section: str | None = None
    kind: str | None = None
    extractor: str
    extractor_version: str


class PersonFact(BaseModel):
    id: str
    kind: str
    value: str
    normalized: str | None
    onet_id: str | None
    confidence: float
    recorded_at: str
    evidence: list[FactEvidence]


class DocumentInfo(BaseModel):
    id: str
    filename: str | None
    doc_type: str | None
    doc_type_confidence: float | None
    status: str
    sha256: str
    text_chars: int | None
    flags: list[str]
    uploaded_at: str


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_IDS, "/".join(parts)))


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Profiles:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)

    async def ensure_person(self, tenant: str, person: str) -> None:
        """Create the person in the tenant; refuse a person id another tenant holds."""
        owner = await self._rows(q.PERSON_TENANT, person=person)
        if owner and owner[0]["tenant"] != tenant:
            raise NotFound(f"no person {person!r} in tenant {tenant!r}.", "Check the person id.")
        await self._store.execute(
            q.ENSURE_PERSON, {"tenant": tenant, "person": person, "now": _now()}
        )

    async def ingest(
        self, tenant: str, person: str, filename: str, data: bytes, pipeline: DocumentPipeline
    ) -> IngestResult:
        await self.ensure_person(tenant, person)
        sha256 = hashlib.sha256(data).hexdigest()
        scope = {"tenant": tenant, "person": person}
        existing = await self._rows(q.PERSON_DOCUMENT_BY_HASH, **scope, sha256=sha256)
        if existing:
            return IngestResult(document_id=existing[0]["id"], status="duplicate")
        stored = (await self._rows(q.PERSON_STORED_BYTES, **scope))[0]["bytes"]
        try:
            if stored + len(data) > pipeline.limits.max_person_bytes:
                raise DocumentRejected(
                    "quota",
                    f"this person's documents would exceed "
                    f"{pipeline.limits.max_person_bytes // 2**20} MB in total.",
                    "Delete documents that are no longer needed, or upload a smaller file.",
                )
            processed = await asyncio.to_thread(pipeline.process, data)
        except DocumentRejected as e:
            await self._store.execute(
                q.QUARANTINE,
                {**scope, "id": _id(tenant, person, "quarantine", sha256), "sha256": sha256,
                 "size": len(data), "code": e.code, "reason": e.message, "now": _now()},
            )  # fmt: skip
            raise
        document = _id(tenant, person, "document", sha256)
        kind = processed.classification
        props = {
            "filename": filename,
            "sha256": sha256,
            "size": len(data),
            "doc_type": kind.doc_type,
            "doc_type_confidence": kind.confidence,
            "status": "processed",
            "text_chars": processed.text.chars,
            "pages": len(processed.text.pages),
            "flags": processed.screening.flags,
            "instruction_spans": len(processed.instructions),
            "uploaded_at": _now(),
        }
        await self._store.execute(q.UPSERT_DOCUMENT, {**scope, "id": document, "props": props})
        rows = [
            {
                "id": _id(tenant, person, f.kind, f.onet_id or f.normalized or f.value),
                "kind": f.kind,
                "value": f.value,
                "normalized": f.normalized,
                "onet_id": f.onet_id,
                "confidence": f.confidence,
                "evidence_kind": f.evidence_kind,
                **f.evidence.model_dump(),
            }
            for f in processed.facts
        ]
        if rows:
            await self._store.execute(
                q.UPSERT_FACTS, {**scope, "document": document, "rows": rows, "now": _now()}
            )
        return IngestResult(
            document_id=document,
            status="processed",
            doc_type=kind.doc_type,
            doc_type_confidence=kind.confidence,
            facts=len(rows),
            flags=processed.screening.flags,
            instructions=len(processed.instructions),
        )

    async def facts(
        self, tenant: str, person: str, kind: str | None, first: int, offset: int
    ) -> Page[PersonFact]:
        scope = {"tenant": tenant, "person": person, "kind": kind}
        rows = await self._rows(q.PERSON_FACTS, **scope, skip=offset, limit=first)
        total = (await self._rows(q.PERSON_FACTS_COUNT, **scope))[0]["count"]
        return Page(items=[PersonFact(**r) for r in rows], total=total, offset=offset)

    async def documents(self, tenant: str, person: str) -> list[DocumentInfo]:
        rows = await self._rows(q.PERSON_DOCUMENTS, tenant=tenant, person=person)
        return [DocumentInfo(**{**r, "flags": r["flags"] or []}) for r in rows]
