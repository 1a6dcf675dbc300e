"""A registered document through the pipeline and into the graph: its facts through the fact
store, a job description as a Job; its status kept on the document as it goes. A document
that cannot be mined yet (its type unclear, or its language unsupported) is held until it can."""

import asyncio
import hashlib

from .documents.classify import DocumentType, UploadContext
from .documents.errors import DocumentRejected
from .documents.facts import Fact, merge_facts, skill_identity
from .documents.jobs import JobSkill
from .documents.linking import in_document
from .documents.pipeline import DocumentPipeline, ProcessedDocument
from .errors import InvalidInput, NotFound
from .events import EventName, Events
from .facts import DocumentEvidence, FactBase, FactStore, FactWrite
from .facts.model import DocumentStatus, FactKind
from .held import HeldDocuments
from .jobs import JobStore
from .models import SkillHit
from .people import Scope
from .profile_models import IngestResult
from .search import Search
from .uploads import Uploads

__all__ = ["DocumentIntake", "link_roles"]

LINK_MIN_SCORE = 0.75
_FACT_FIELDS = set(FactBase.model_fields)


class DocumentIntake:
    def __init__(
        self, uploads: Uploads, facts: FactStore, jobs: JobStore, events: Events,
        held: HeldDocuments, search: Search | None = None,
    ) -> None:  # fmt: skip
        self.uploads = uploads
        self.held = held
        self._facts = facts
        self._jobs = jobs
        self._events = events
        self._search = search

    async def ingest(
        self, scope: Scope, filename: str, data: bytes, pipeline: DocumentPipeline,
        context: UploadContext = UploadContext.UNKNOWN, doc_type: DocumentType | None = None,
    ) -> IngestResult:  # fmt: skip
        """Register and process in one go (the CLI and tests; the API queues instead)."""
        sha256 = hashlib.sha256(data).hexdigest()
        registered = await self.uploads.register(
            scope, filename, sha256, len(data), pipeline.limits
        )
        if registered.status == "duplicate":
            if doc_type is not None:  # the same file again, now saying what it is
                held = await self.uploads.document(scope.tenant, registered.document_id)
                if held is not None and held.status == DocumentStatus.NEEDS_TYPE:
                    return await self.set_type(scope, registered.document_id, doc_type, pipeline)
            return registered
        return await self.process(scope, registered.document_id, data, pipeline, context, doc_type)

    async def set_type(
        self, scope: Scope, document: str, doc_type: DocumentType, pipeline: DocumentPipeline
    ) -> IngestResult:
        """A person's word on what a document is. A document waiting for it is processed as
        that type now; for one already processed the word is recorded (its content is not
        kept, so upload it again to have it read as that type)."""
        found = await self.uploads.document(scope.tenant, document)
        if found is None or found.person_id != scope.person:
            raise NotFound(f"no document {document!r} for this person.",
                           "List the documents with person(id) { documents }.")  # fmt: skip
        if found.status == DocumentStatus.NEEDS_TYPE:
            data = await asyncio.to_thread(self.held.get, scope, document)
            if data is None:
                raise InvalidInput(
                    f"document {document!r} is no longer held.",
                    "Upload it again, then say its type.",
                )
            return await self.process(scope, document, data, pipeline, doc_type=doc_type)
        await self.uploads.set_doc_type(scope, document, doc_type.value)
        return IngestResult(document_id=document, status=found.status, doc_type=doc_type.value,
                            doc_type_confidence=1.0)  # fmt: skip

    async def process(
        self, scope: Scope, document: str, data: bytes, pipeline: DocumentPipeline,
        context: UploadContext = UploadContext.UNKNOWN, doc_type: DocumentType | None = None,
    ) -> IngestResult:  # fmt: skip
        """Run the pipeline on a registered document and store what it found."""
        status = self.uploads.status
        await status(scope, document, status=DocumentStatus.PROCESSING, progress=0.1)
        try:
            processed = await asyncio.to_thread(pipeline.process, data, context, doc_type)
            await self._link(processed, pipeline)
        except DocumentRejected as e:
            await self.uploads.quarantine(scope, hashlib.sha256(data).hexdigest(), len(data), e)
            await status(
                scope, document, status=DocumentStatus.REJECTED, progress=1.0,
                error_code=e.code, error=e.message, error_hint=e.hint,
            )  # fmt: skip
            raise
        except Exception:
            await status(
                scope, document, status=DocumentStatus.FAILED, progress=1.0, error_code="internal",
                error="the document could not be processed because of an internal error.",
                error_hint="Try again later; if it keeps failing, report it with the document id.",
            )  # fmt: skip
            raise
        if processed.decision.doc_type is None or not processed.language.supported:
            return await self._hold(scope, document, data, processed)
        kind = processed.decision
        source = "user" if doc_type or context is UploadContext.POSTING else "classifier"
        await status(scope, document, progress=0.8)
        job_id = None
        stored = 0
        if processed.job is not None:
            # A job description says what a job asks for, not what the person can do.
            job_id = await self._jobs.record(scope, document, processed.job, processed.text.text)
        else:
            # Search may have linked two mentions to one term: store them as one fact.
            writes = [_write(f) for f in merge_facts(processed.facts)]
            stored = await self._facts.record_document(scope, document, writes)
        await status(
            scope, document, status=DocumentStatus.PROCESSED, progress=1.0,
            doc_type=str(kind.doc_type),
            doc_type_confidence=kind.confidence, doc_type_source=source,
            language=processed.language.code, error_code=None, error=None, error_hint=None,
            text_chars=processed.text.chars,
            pages=len(processed.text.pages), flags=processed.screening.flags,
            instruction_spans=len(processed.instructions), facts=stored, job_id=job_id,
        )  # fmt: skip
        await asyncio.to_thread(self.held.drop, scope, document)
        await self._events.publish(
            EventName.DOCUMENT_PROCESSED, scope, document=document, facts=stored, job=job_id
        )
        return IngestResult(
            document_id=document, status=DocumentStatus.PROCESSED, doc_type=str(kind.doc_type),
            doc_type_confidence=kind.confidence, facts=stored, job_id=job_id,
            flags=processed.screening.flags, instructions=len(processed.instructions),
        )  # fmt: skip

    async def _hold(
        self, scope: Scope, document: str, data: bytes, processed: ProcessedDocument
    ) -> IngestResult:
        """Keep the content and say what would let it be processed."""
        await asyncio.to_thread(self.held.put, scope, document, data)
        guess = processed.classification
        if not processed.language.supported:
            state, code = DocumentStatus.UNSUPPORTED_LANGUAGE, "unsupported_language"
            message = (f"the document is written in a language Careergraph does not read yet "
                       f"({processed.language.code}); it is kept but no facts were taken "
                       "from it.")  # fmt: skip
            hint = "Upload an English version to have its facts read."
        else:
            state, code = DocumentStatus.NEEDS_TYPE, "needs_type"
            message = (
                f"it is not clear what kind of document this is (it reads most like "
                f"{guess.doc_type.replace('_', ' ')}, {processed.decision.reason})."
            )
            hint = (
                "Say what it is with setDocumentType(id, docType) (CLI: careergraph "
                "ingest --as TYPE); it is processed as that type then."
            )
        await self.uploads.status(
            scope, document, status=state, progress=1.0, doc_type=guess.doc_type,
            doc_type_confidence=guess.confidence, doc_type_source="classifier",
            language=processed.language.code, text_chars=processed.text.chars,
            pages=len(processed.text.pages), flags=processed.screening.flags,
            error_code=code, error=message, error_hint=hint, facts=0,
        )  # fmt: skip
        return IngestResult(
            document_id=document, status=state, doc_type=guess.doc_type,
            doc_type_confidence=guess.confidence, flags=processed.screening.flags,
            instructions=len(processed.instructions),
        )  # fmt: skip

    async def _link(self, processed: ProcessedDocument, pipeline: DocumentPipeline) -> None:
        """Skills and titles the dictionary could not link go through the search built for
        people's own words (names, aliases, similar meaning), kept only when it is sure and
        the mention's context supports the link (the same check as the dictionary's)."""
        if self._search is None:
            return
        search = self._search
        facts, job = processed.facts, processed.job
        # a job description is stored as its Job: link its requirements, not its facts
        skills: list[Fact | JobSkill] = (
            [s for s in job.skills if s.onet_id is None] if job is not None
            else [f for f in facts if f.kind == FactKind.SKILL and f.onet_id is None]
        )  # fmt: skip
        linked: list[tuple[Fact | JobSkill, SkillHit]] = []
        for item, hit in zip(
            skills, await search.nearest_skills([s.value for s in skills]), strict=True
        ):
            if hit is not None and hit.score >= LINK_MIN_SCORE:
                linked.append((item, hit))
        gate = pipeline.extractor.gate
        mentions = in_document(
            processed.text, [(*_where(item), hit.id) for item, hit in linked], searched=True
        )
        verdicts = gate.check(mentions) if gate is not None else []
        for n, (item, hit) in enumerate(linked):
            if verdicts and not verdicts[n].keep:
                continue
            item.onet_id, item.normalized = hit.id, hit.name
            item.confidence = round(item.confidence * hit.score, 3)
            if isinstance(item, Fact):
                item.identity = skill_identity(hit.id, hit.name)
        if job is None:  # a Job takes its title from the posting
            await link_roles(search, facts)


async def link_roles(search: Search, facts: list[Fact]) -> None:
    """Job titles the dictionary could not link, linked to the occupation the search finds
    when it is sure (documents, and roles told in an interview)."""
    for role in [f for f in facts if f.kind == FactKind.ROLE and f.onet_id is None]:
        job = await search.title_occupation(role.value)
        if job is not None and job.score >= LINK_MIN_SCORE:
            role.onet_id, role.normalized = job.code, job.title


def _where(item: Fact | JobSkill) -> tuple[int, int, int]:
    """(page, start, end) of the words a skill was read from."""
    where = item.evidence if isinstance(item, Fact) else item
    return where.page, where.start, where.end


def _write(fact: Fact) -> FactWrite:
    """An extracted fact as a write: what it says, and the span of the document it rests on."""
    evidence = DocumentEvidence(
        **fact.evidence.model_dump(),
        kind=fact.evidence_kind, confidence=fact.confidence,
        valid_from=fact.valid_from, valid_to=fact.valid_to, months=fact.months,
    )  # fmt: skip
    return FactWrite(
        identity=fact.identity,
        fact=FactBase(**fact.model_dump(include=_FACT_FIELDS)),
        evidence=evidence,
        links=[(link.rel, link.kind, link.identity) for link in fact.links],
    )
