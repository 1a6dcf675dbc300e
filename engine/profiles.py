"""A person's documents and the facts mined from them, kept in the graph with provenance.

Every read and write is scoped by tenant and person. The same content uploaded twice is one
document; the same fact found in two documents is one Fact with two evidence edges.
"""

import asyncio
import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from graph_schema import GraphStore
from graph_schema import queries as q

from .bounds import check_id
from .documents.errors import DocumentRejected
from .documents.facts import Fact, merge_facts, skill_identity
from .documents.jobs import JobPosting, JobSkill
from .documents.limits import Limits
from .documents.pipeline import DocumentPipeline
from .errors import NotFound
from .models import Page
from .profile_models import (
    DocumentInfo,
    IngestResult,
    JobInfo,
    PersonFact,
)
from .search import Search

__all__ = ["Profiles"]

LINK_MIN_SCORE = 0.75
_IDS = uuid.UUID("6f1d3c0e-1c7a-4b7e-9a55-0c2b9f3e8d21")


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_IDS, "/".join(parts)))


def _now() -> str:
    return datetime.now(UTC).isoformat()


class Profiles:
    def __init__(self, store: GraphStore, search: Search | None = None) -> None:
        self._store = store
        self._search = search

    async def _link(self, facts: list[Fact], job: JobPosting | None) -> None:
        """Skills and titles the dictionary could not link go through the search built for
        people's own words (names, aliases, similar meaning), kept only when it is sure."""
        if self._search is None:
            return
        search = self._search

        skills: list[Fact | JobSkill] = [
            f for f in facts if f.kind == "skill" and f.onet_id is None
        ]
        if job is not None:
            skills += [s for s in job.skills if s.onet_id is None]
        for item, hit in zip(
            skills, await search.nearest_skills([s.value for s in skills]), strict=True
        ):
            if hit is not None and hit.score >= LINK_MIN_SCORE:
                item.onet_id, item.normalized = hit.id, hit.name
                item.confidence = round(item.confidence * hit.score, 3)
                if isinstance(item, Fact):
                    item.identity = skill_identity(hit.id, hit.name)
        for role in [f for f in facts if f.kind == "role" and f.onet_id is None]:
            jobs = await search.occupations(role.value, first=1)
            if jobs and jobs[0].score >= LINK_MIN_SCORE:
                role.onet_id, role.normalized = jobs[0].code, jobs[0].title

    async def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)

    async def ensure_person(self, tenant: str, person: str) -> None:
        """Create the person in the tenant; refuse a person id another tenant holds."""
        check_id(tenant, "tenant"), check_id(person, "person id")
        owner = await self._rows(q.PERSON_TENANT, person=person)
        if owner and owner[0]["tenant"] != tenant:
            raise NotFound(f"no person {person!r} in tenant {tenant!r}.", "Check the person id.")
        await self._store.execute(
            q.ENSURE_PERSON, {"tenant": tenant, "person": person, "now": _now()}
        )

    async def register(
        self, tenant: str, person: str, filename: str, sha256: str, size: int, limits: Limits
    ) -> IngestResult:
        """Record an upload as `queued` (or find it: the same content is one document)."""
        await self.ensure_person(tenant, person)
        scope = {"tenant": tenant, "person": person}
        existing = await self._rows(q.PERSON_DOCUMENT_BY_HASH, **scope, sha256=sha256)
        if existing:
            return IngestResult(document_id=existing[0]["id"], status="duplicate")
        stored = (await self._rows(q.PERSON_STORED_BYTES, **scope))[0]["bytes"]
        if stored + size > limits.max_person_bytes:
            error = DocumentRejected(
                "quota",
                f"this person's documents would exceed {limits.max_person_bytes // 2**20} MB "
                "in total.",
                "Delete documents that are no longer needed, or upload a smaller file.",
            )
            await self.quarantine(tenant, person, sha256, size, error)
            raise error
        document = _id(tenant, person, "document", sha256)
        props = {
            "filename": filename,
            "sha256": sha256,
            "size": size,
            "status": "queued",
            "progress": 0.0,
            "uploaded_at": _now(),
            # a re-upload of content refused before is tried again from a clean slate
            "error_code": None,
            "error": None,
            "error_hint": None,
        }
        await self._store.execute(q.UPSERT_DOCUMENT, {**scope, "id": document, "props": props})
        return IngestResult(document_id=document, status="queued")

    async def process(
        self, tenant: str, person: str, document: str, data: bytes, pipeline: DocumentPipeline
    ) -> IngestResult:
        """Run the pipeline on a registered document and store what it found."""
        scope = {"tenant": tenant, "person": person}
        await self._status(scope, document, status="processing", progress=0.1)
        try:
            processed = await asyncio.to_thread(pipeline.process, data)
            await self._link(processed.facts, processed.job)
        except DocumentRejected as e:
            await self.quarantine(tenant, person, hashlib.sha256(data).hexdigest(), len(data), e)
            await self._status(
                scope, document, status="rejected", progress=1.0,
                error_code=e.code, error=e.message, error_hint=e.hint,
            )  # fmt: skip
            raise
        except Exception:
            await self._status(
                scope, document, status="failed", progress=1.0, error_code="internal",
                error="the document could not be processed because of an internal error.",
                error_hint="Try again later; if it keeps failing, report it with the document id.",
            )  # fmt: skip
            raise
        kind = processed.classification
        await self._status(scope, document, progress=0.8)
        if processed.job is not None:
            # A job description says what a job asks for, not what the person can do.
            await self._store_job(scope, document, processed.job)
            stored = 0
        else:
            # Search may have linked two mentions to one term: store them as one fact.
            stored = await self._store_facts(scope, document, merge_facts(processed.facts))
        await self._status(
            scope, document, status="processed", progress=1.0, doc_type=kind.doc_type,
            doc_type_confidence=kind.confidence, text_chars=processed.text.chars,
            pages=len(processed.text.pages), flags=processed.screening.flags,
            instruction_spans=len(processed.instructions), facts=stored,
            job_id=_id(tenant, person, "job", document) if processed.job else None,
        )  # fmt: skip
        return IngestResult(
            document_id=document,
            status="processed",
            doc_type=kind.doc_type,
            doc_type_confidence=kind.confidence,
            facts=stored,
            job_id=_id(tenant, person, "job", document) if processed.job else None,
            flags=processed.screening.flags,
            instructions=len(processed.instructions),
        )

    async def _store_facts(self, scope: dict[str, str], document: str, facts: list[Fact]) -> int:
        def fact_id(kind: str, identity: str) -> str:
            return _id(scope["tenant"], scope["person"], kind, identity)

        rows = [
            {
                "id": fact_id(f.kind, f.identity),
                **f.model_dump(exclude={"evidence", "identity", "links"}),
                **f.evidence.model_dump(),
            }
            for f in facts
        ]
        if not rows:
            return 0
        now = _now()
        await self._store.execute(
            q.UPSERT_FACTS, {**scope, "document": document, "rows": rows, "now": now}
        )
        for query, kind in ((q.LINK_SKILL_FACTS, "skill"), (q.LINK_ROLE_FACTS, "role")):
            linked = [
                {"id": r["id"], "onet_id": r["onet_id"]}
                for r in rows
                if r["kind"] == kind and r["onet_id"]
            ]
            if linked:
                await self._store.execute(query, {**scope, "rows": linked})
        for rel in ("USED_IN", "AT"):
            links = [
                {"source": fact_id(f.kind, f.identity), "target": fact_id(link.kind, link.identity)}
                for f in facts
                for link in f.links
                if link.rel == rel
            ]
            if links:
                await self._store.execute(q.link_facts(rel), {**scope, "links": links})
        return len(rows)

    async def _store_job(self, scope: dict[str, str], document: str, job: JobPosting) -> None:
        job_id = _id(scope["tenant"], scope["person"], "job", document)
        props = job.model_dump(exclude={"skills"})
        props["other_skills"] = sorted({s.value for s in job.skills if not s.onet_id})
        await self._store.execute(
            q.UPSERT_JOB, {**scope, "id": job_id, "document": document, "props": props}
        )
        await self._store.execute(
            q.CLEAR_JOB_REQUIREMENTS, {"tenant": scope["tenant"], "id": job_id}
        )
        best: dict[str, dict[str, Any]] = {}
        for skill in job.skills:
            if skill.onet_id and (
                skill.onet_id not in best or skill.required > best[skill.onet_id]["required"]
            ):
                best[skill.onet_id] = skill.model_dump()
        if best:
            await self._store.execute(
                q.JOB_REQUIREMENTS,
                {"tenant": scope["tenant"], "id": job_id, "rows": list(best.values())},
            )

    async def job(self, tenant: str, job: str) -> JobInfo | None:
        rows = await self._rows(q.JOB, tenant=tenant, id=job)
        return JobInfo(**rows[0]) if rows else None

    async def ingest(
        self, tenant: str, person: str, filename: str, data: bytes, pipeline: DocumentPipeline
    ) -> IngestResult:
        """Register and process in one go (the CLI and tests; the API queues instead)."""
        sha256 = hashlib.sha256(data).hexdigest()
        registered = await self.register(
            tenant, person, filename, sha256, len(data), pipeline.limits
        )
        if registered.status == "duplicate":
            return registered
        return await self.process(tenant, person, registered.document_id, data, pipeline)

    async def document(self, tenant: str, document: str) -> DocumentInfo | None:
        rows = await self._rows(q.DOCUMENT, tenant=tenant, id=document)
        return DocumentInfo(**{**rows[0], "flags": rows[0]["flags"] or []}) if rows else None

    async def _status(self, scope: dict[str, str], document: str, **props: Any) -> None:
        await self._store.execute(q.UPDATE_DOCUMENT, {**scope, "id": document, "props": props})

    async def quarantine(
        self, tenant: str, person: str, sha256: str, size: int, error: DocumentRejected
    ) -> None:
        await self._store.execute(
            q.QUARANTINE,
            {"tenant": tenant, "person": person, "id": _id(tenant, person, "quarantine", sha256),
             "sha256": sha256, "size": size, "code": error.code, "reason": error.message,
             "now": _now()},
        )  # fmt: skip

    async def facts(
        self,
        tenant: str,
        person: str,
        kind: str | None,
        first: int,
        offset: int,
        document: str | None = None,
        fact_id: str | None = None,
    ) -> Page[PersonFact]:
        scope = {
            "tenant": tenant, "person": person, "kind": kind, "document": document, "fact": fact_id,
        }  # fmt: skip
        rows = await self._rows(q.PERSON_FACTS, **scope, skip=offset, limit=first)
        total = (await self._rows(q.PERSON_FACTS_COUNT, **scope))[0]["count"]
        return Page(items=[PersonFact(**r) for r in rows], total=total, offset=offset)

    async def set_doc_type(
        self, tenant: str, person: str, document: str, doc_type: str
    ) -> DocumentInfo:
        """The person's word on what a document is (kept apart from the classifier's guess)."""
        await self._status(
            {"tenant": tenant, "person": person}, document,
            doc_type=doc_type, doc_type_confidence=1.0, doc_type_source="user",
        )  # fmt: skip
        found = await self.document(tenant, document)
        assert found is not None
        return found

    async def documents(self, tenant: str, person: str) -> list[DocumentInfo]:
        rows = await self._rows(q.PERSON_DOCUMENTS, tenant=tenant, person=person)
        return [DocumentInfo(**{**r, "flags": r["flags"] or []}) for r in rows]
