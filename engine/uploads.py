"""A person's uploaded documents as records: registered (deduplicated, within the quota),
their status as processing goes, refused uploads in quarantine. Never the content."""

from typing import Any

from graph_schema import GraphStore
from graph_schema import queries as q

from .documents.errors import DocumentRejected
from .documents.limits import Limits
from .facts.model import DocumentStatus
from .people import People, Scope, now, stable_id
from .profile_models import DocumentInfo, IngestResult

__all__ = ["Uploads"]


class Uploads:
    def __init__(self, store: GraphStore, people: People) -> None:
        self._store = store
        self._people = people

    async def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)

    async def register(
        self, scope: Scope, filename: str, sha256: str, size: int, limits: Limits
    ) -> IngestResult:
        """Record an upload as `queued` (or find it: the same content is one document)."""
        await self._people.ensure(scope)
        holding = DocumentStatus.holding()
        existing = await self._rows(
            q.PERSON_DOCUMENT_BY_HASH, **scope.params, sha256=sha256, holding=holding
        )
        if existing:
            return IngestResult(document_id=existing[0]["id"], status="duplicate")
        stored = (await self._rows(q.PERSON_STORED_BYTES, **scope.params, holding=holding))[0]
        if stored["bytes"] + size > limits.max_person_bytes:
            error = DocumentRejected(
                "quota",
                f"this person's documents would exceed {limits.max_person_bytes // 2**20} MB "
                "in total.",
                "Delete documents that are no longer needed, or upload a smaller file.",
            )
            await self.quarantine(scope, sha256, size, error)
            raise error
        document = self.document_id(scope, sha256)
        props = {
            "filename": filename,
            "sha256": sha256,
            "size": size,
            "status": DocumentStatus.QUEUED.value,
            "progress": 0.0,
            "uploaded_at": now(),
            # a re-upload of content refused before is tried again from a clean slate
            "error_code": None,
            "error": None,
            "error_hint": None,
        }
        await self._store.execute(q.UPSERT_DOCUMENT, {**scope.params, "id": document,
                                                      "props": props})  # fmt: skip
        return IngestResult(document_id=document, status=DocumentStatus.QUEUED)

    @staticmethod
    def document_id(scope: Scope, sha256: str) -> str:
        return stable_id(scope.tenant, scope.person, "document", sha256)

    async def status(self, scope: Scope, document: str, **props: Any) -> None:
        if isinstance(props.get("status"), DocumentStatus):
            props["status"] = props["status"].value
        await self._store.execute(q.UPDATE_DOCUMENT, {**scope.params, "id": document,
                                                      "props": props})  # fmt: skip

    async def quarantine(
        self, scope: Scope, sha256: str, size: int, error: DocumentRejected
    ) -> None:
        await self._people.ensure(scope)
        await self._store.execute(
            q.QUARANTINE,
            {**scope.params, "id": stable_id(scope.tenant, scope.person, "quarantine", sha256),
             "sha256": sha256, "size": size, "code": error.code, "reason": error.message,
             "now": now()},
        )  # fmt: skip

    async def document(self, tenant: str, document: str) -> DocumentInfo | None:
        """A document of the tenant, by id (the caller checks whose it is)."""
        rows = await self._rows(q.DOCUMENT, tenant=tenant, id=document)
        return DocumentInfo(**rows[0]) if rows else None

    async def documents(self, scope: Scope) -> list[DocumentInfo]:
        rows = await self._rows(q.PERSON_DOCUMENTS, **scope.params)
        return [DocumentInfo(**r) for r in rows]

    async def set_doc_type(self, scope: Scope, document: str, doc_type: str) -> DocumentInfo:
        """The person's word on what a document is (kept apart from the classifier's guess)."""
        await self.status(
            scope, document, doc_type=doc_type, doc_type_confidence=1.0, doc_type_source="user"
        )
        found = await self.document(scope.tenant, document)
        assert found is not None
        return found
