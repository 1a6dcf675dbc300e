"""GraphQL writes: uploading documents, correcting facts, overriding a document's type; and
the subscription that reports a document's progress."""

import asyncio
from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError
from pydantic import ValidationError
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON

from engine import EngineError, InvalidInput, NotFound
from engine.bounds import clean_filename
from engine.documents import DocumentRejected
from engine.documents.classify import DocumentType, UploadContext
from engine.facts import DocumentStatus, FactChange, Visibility
from engine.people import Deleting, Scope

from ..auth import Principal, Role
from ..intake import accept_upload
from .context import Authenticated, Info, RoleIn, acting_for, forbidden, sees, sees_private
from .types import DocumentInfo, JobInfo, PersonFact, convert

__all__ = ["Mutation", "Subscription"]

_TERMINAL = DocumentStatus.settled()
_POLL_SECONDS = 0.25
_CHECK_ID = "Use an id returned by uploadDocument or listed in person(id) { documents }."


DocType = strawberry.enum(DocumentType, name="DocType", description="What kind of document it is.")


@strawberry.type(description="An accepted upload: queued for processing, or a duplicate.")
class UploadResult:
    document_id: strawberry.ID
    status: str


@strawberry.experimental.pydantic.input(model=FactChange, all_fields=True)
class FactChangeInput:
    """Fields to change on a fact; dates as YYYY or YYYY-MM."""


def _person(principal: Principal, person_id: strawberry.ID | None) -> str:
    person = str(person_id) if person_id else principal.subject
    if not sees(principal, person):
        raise forbidden(
            "candidates can change only their own profile", "leave personId out to act on yourself"
        )
    return person


def _engine_error(error: EngineError) -> GraphQLError:
    code = (
        "NOT_FOUND" if isinstance(error, NotFound)
        else "DELETING" if isinstance(error, Deleting) else "BAD_INPUT"
    )  # fmt: skip
    return GraphQLError(error.message, extensions={"code": code, "hint": error.hint})


@strawberry.type(description="What deleting a document removed.")
class DocumentDeletion:
    facts_deleted: int = strawberry.field(description="facts that rested only on it")
    facts_updated: int = strawberry.field(
        description="facts with other evidence, recomputed from what remains"
    )
    jobs_deleted: int


@strawberry.type(description="The record a deletion leaves: no personal data.")
class PersonDeletion:
    id: strawberry.ID
    at: str
    requested_by: str
    counts: JSON


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Upload a PDF, DOCX, TXT, PNG or JPG (GraphQL multipart request) for a "
        "person in your tenant (default: yourself). Returns at once; follow documentProgress.",
        permission_classes=[Authenticated],
    )
    async def upload_document(
        self, info: Info, file: Upload, person_id: strawberry.ID | None = None,
        doc_type: DocType | None = None,  # type: ignore[valid-type]
    ) -> UploadResult:  # fmt: skip
        principal = info.context.require()
        person = _person(principal, person_id)
        try:
            accepted = await accept_upload(
                info.context.runtime, info.context.tasks, principal, person,
                clean_filename(getattr(file, "filename", None)), file.read,  # type: ignore[attr-defined]
                DocumentType(doc_type) if doc_type else None,
            )  # fmt: skip
        except DocumentRejected as e:
            raise GraphQLError(e.message, extensions={"code": e.code, "hint": e.hint}) from None
        except (NotFound, Deleting) as e:
            raise _engine_error(e) from None
        finally:
            await file.close()  # type: ignore[attr-defined]  # the spooled temporary file
        return UploadResult(document_id=strawberry.ID(accepted.document_id), status=accepted.status)

    @strawberry.mutation(
        description="Create a job from the text of its description (recruiters and admins): "
        "read at once into requirements, experience, education, seniority and a quality "
        "report. The same text again returns the same job.",
        permission_classes=[RoleIn(Role.RECRUITER, Role.ADMIN)],
    )
    async def create_job(self, info: Info, text: str) -> JobInfo:
        principal = info.context.require()
        scope = Scope(principal.tenant, principal.subject)
        runtime = info.context.runtime
        pipeline = await runtime.document_pipeline()
        try:
            result = await runtime.intake.ingest(
                scope, "job-description.txt", text.encode(), pipeline, UploadContext.POSTING,
                DocumentType.JOB_DESCRIPTION,
            )  # fmt: skip
        except DocumentRejected as e:
            raise GraphQLError(e.message, extensions={"code": e.code, "hint": e.hint}) from None
        except (NotFound, Deleting) as e:
            raise _engine_error(e) from None
        if result.status == DocumentStatus.UNSUPPORTED_LANGUAGE:
            raise _engine_error(
                InvalidInput(
                    "the job description is in a language Careergraph does not read yet; it "
                    "is kept, but no job was made from it",
                    "send the description in English",
                )
            )
        job_id = result.job_id or runtime.jobs.job_id(scope, result.document_id)
        job = await runtime.jobs.job(principal.tenant, job_id)
        if job is None:
            raise _engine_error(
                NotFound("no job could be read from that text", "send a job description's text")
            )
        return convert(JobInfo, job)

    @strawberry.mutation(
        description="Correct a fact; the change is audited and counts as your own evidence.",
        permission_classes=[Authenticated],
    )
    async def update_fact(
        self, info: Info, id: strawberry.ID, change: FactChangeInput,
        person_id: strawberry.ID | None = None,
    ) -> PersonFact:  # fmt: skip
        principal = info.context.require()
        person = _person(principal, person_id)
        try:
            checked = change.to_pydantic()
        except ValidationError as e:
            problems = "; ".join(f"{err['loc'][0]}: {err['msg']}" for err in e.errors())
            raise GraphQLError(
                f"the change is not valid ({problems}).",
                extensions={"code": "BAD_INPUT", "hint": "Give dates as YYYY or YYYY-MM."},
            ) from None
        scope = Scope(principal.tenant, person)
        try:
            await info.context.runtime.facts.update(
                scope, str(id), principal.subject, checked, private=sees_private(principal, person)
            )
        except EngineError as e:
            raise _engine_error(e) from None
        return await _fact(info, principal, scope, str(id))

    @strawberry.mutation(
        description="Say a fact is right (audited).", permission_classes=[Authenticated]
    )
    async def confirm_fact(
        self, info: Info, id: strawberry.ID, person_id: strawberry.ID | None = None
    ) -> PersonFact:
        principal = info.context.require()
        person = _person(principal, person_id)
        scope = Scope(principal.tenant, person)
        try:
            await info.context.runtime.facts.confirm(
                scope, str(id), principal.subject, private=sees_private(principal, person)
            )
        except EngineError as e:
            raise _engine_error(e) from None
        return await _fact(info, principal, scope, str(id))

    @strawberry.mutation(
        description="Remove a fact from the profile (audited; re-uploads do not bring it back).",
        permission_classes=[Authenticated],
    )
    async def delete_fact(
        self, info: Info, id: strawberry.ID, person_id: strawberry.ID | None = None
    ) -> bool:
        principal = info.context.require()
        person = _person(principal, person_id)
        try:
            await info.context.runtime.facts.delete(
                Scope(principal.tenant, person), str(id), principal.subject,
                private=sees_private(principal, person),
            )  # fmt: skip
        except EngineError as e:
            raise _engine_error(e) from None
        return True

    @strawberry.mutation(
        description="Choose who sees a fact: PRIVATE (you and admins) or TENANT (also the "
        "tenant's recruiters and analysts). The person themselves or an admin.",
        permission_classes=[Authenticated],
    )
    async def set_fact_visibility(
        self, info: Info, id: strawberry.ID, visibility: Visibility,  # type: ignore[valid-type]
        person_id: strawberry.ID | None = None,
    ) -> PersonFact:  # fmt: skip
        principal = info.context.require()
        scope = acting_for(
            principal, str(person_id) if person_id else None, "change who sees a fact"
        )
        try:
            await info.context.runtime.facts.set_visibility(
                scope, str(id), principal.subject, Visibility(visibility)
            )
        except EngineError as e:
            raise _engine_error(e) from None
        return await _fact(info, principal, scope, str(id))

    @strawberry.mutation(
        description="Delete a document with what was learned only from it: facts resting on "
        "it alone go, facts with other evidence are recomputed, a job it described goes.",
        permission_classes=[Authenticated],
    )
    async def delete_document(self, info: Info, id: strawberry.ID) -> DocumentDeletion:
        principal = info.context.require()
        runtime = info.context.runtime
        found = await runtime.uploads.document(principal.tenant, str(id))
        if found is None or not sees(principal, found.person_id):
            raise _engine_error(NotFound(f"no document {id!s} in your tenant.", _CHECK_ID))
        scope = acting_for(principal, found.person_id, "delete a person's documents")
        try:
            counts = await runtime.privacy.delete_document(scope, str(id))
        except EngineError as e:
            raise _engine_error(e) from None
        return DocumentDeletion(**counts)

    @strawberry.mutation(
        description="Delete a person and everything held about them (GDPR art. 17); what "
        "remains is a deletion record with no personal data. The person or an admin.",
        permission_classes=[Authenticated],
    )
    async def delete_person(
        self, info: Info, person_id: strawberry.ID | None = None
    ) -> PersonDeletion:
        principal = info.context.require()
        scope = acting_for(principal, person_id, "delete a person")
        who = "the person" if scope.person == principal.subject else principal.role.value
        try:
            record = await info.context.runtime.privacy.delete_person(scope, who)
        except EngineError as e:
            raise _engine_error(e) from None
        return PersonDeletion(
            id=strawberry.ID(record["id"]), at=record["at"],
            requested_by=record["requested_by"], counts=record["counts"],
        )  # fmt: skip

    @strawberry.mutation(
        description="Make your tenant's analytics graph again from the live graph now "
        "(otherwise it is remade when older than a few minutes). Analysts and admins.",
        permission_classes=[RoleIn(Role.ANALYST, Role.ADMIN)],
    )
    async def refresh_analytics(self, info: Info) -> str:
        principal = info.context.require()
        try:
            taken = await info.context.runtime.analytics.refresh(principal.tenant)
        except EngineError as e:
            raise _engine_error(e) from None
        return taken.isoformat() if taken else ""

    @strawberry.mutation(
        description="Say what kind of document it is. A document waiting in status "
        "needs_type is processed as that type now (its facts, or a Job for a job "
        "description); for one already processed the type is recorded.",
        permission_classes=[Authenticated],
    )
    async def set_document_type(
        self,
        info: Info,
        id: strawberry.ID,
        doc_type: DocType,  # type: ignore[valid-type]
    ) -> DocumentInfo:
        principal = info.context.require()
        runtime = info.context.runtime
        found = await runtime.uploads.document(principal.tenant, str(id))
        if found is None or not sees(principal, found.person_id):
            raise _engine_error(NotFound(f"no document {id!s} in your tenant.", _CHECK_ID))
        kind = DocumentType(doc_type)
        if kind is DocumentType.JOB_DESCRIPTION and principal.role is Role.CANDIDATE:
            raise forbidden("a candidate's documents are read into their profile, not posted as "
                            "jobs", "ask a recruiter to post the job")  # fmt: skip
        scope = Scope(principal.tenant, found.person_id)
        try:
            await runtime.intake.set_type(scope, str(id), kind, await runtime.document_pipeline())
        except DocumentRejected as e:
            raise GraphQLError(e.message, extensions={"code": e.code, "hint": e.hint}) from None
        except EngineError as e:
            raise _engine_error(e) from None
        updated = await runtime.uploads.document(principal.tenant, str(id))
        assert updated is not None
        return convert(DocumentInfo, updated)


async def _fact(info: Info, principal: Principal, scope: Scope, fact: str) -> PersonFact:
    page = await info.context.runtime.facts.facts(
        scope, None, 1, 0, fact_id=fact, private=sees_private(principal, scope.person)
    )
    if not page.items:
        raise _engine_error(InvalidInput(f"fact {fact!r} is no longer visible."))
    return convert(PersonFact, page.items[0])


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="A document's status and progress until it is processed, rejected or failed.",
        permission_classes=[Authenticated],
    )
    async def document_progress(
        self, info: Info, id: strawberry.ID
    ) -> AsyncGenerator[DocumentInfo, None]:
        principal = info.context.require()
        last = None
        while True:
            found = await info.context.runtime.uploads.document(principal.tenant, str(id))
            if found is None or not sees(principal, found.person_id):
                raise _engine_error(
                    NotFound(f"no document {id!s} in your tenant.", "Check the id.")
                )
            state = (found.status, found.progress)
            if state != last:
                last = state
                yield convert(DocumentInfo, found)
            if found.status in _TERMINAL:
                return
            await asyncio.sleep(_POLL_SECONDS)
