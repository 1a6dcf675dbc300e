"""A document whose kind or language stops it from being read: kept (and covered by export and
delete) until a person says what it is, then processed as that type."""

import base64
import uuid

from engine import Runtime
from engine.documents.classify import DocumentType, UploadContext
from engine.people import Scope

JOB = """Backend Engineer
We are looking for a backend engineer to join our platform team.
Requirements: 4+ years of experience with Python and PostgreSQL. You will design APIs.
Good to have: Kafka, Terraform. Work Remotely. Location: Berlin, Germany
Benefits: 30 days of holiday. Apply with your CV.
"""
SPANISH_JOB = """Desarrollador Java
Estamos buscando un desarrollador Java con experiencia en Spring Boot y microservicios para
unirse a nuestro equipo en Lima. Requisitos: tres años de experiencia, conocimientos de SQL,
trabajo en equipo. Ofrecemos un ambiente inclusivo y oportunidades de crecimiento.
"""


def new_scope() -> Scope:
    return Scope("acme", f"t-{uuid.uuid4().hex[:10]}")


async def test_a_job_description_uploaded_for_a_person_waits_for_its_type(
    runtime: Runtime,
) -> None:
    scope = new_scope()
    pipeline = await runtime.document_pipeline()
    result = await runtime.intake.ingest(
        scope, "job.txt", JOB.encode(), pipeline, UploadContext.PERSON
    )
    assert result.status == "needs_type" and result.job_id is None and result.facts == 0
    document = await runtime.uploads.document(scope.tenant, result.document_id)
    assert document is not None and document.status == "needs_type"
    assert document.error_code == "needs_type" and "setDocumentType" in (document.error_hint or "")
    assert document.doc_type == "job_description"  # the classifier's guess, kept to show
    # nothing was learned about the person from it, and the content is held
    assert (await runtime.facts.facts(scope, None, 10, 0, private=True)).total == 0
    assert runtime.held.get(scope, result.document_id) == JOB.encode()
    exported = await runtime.privacy.export(scope)
    held = exported["held_documents"]
    assert [base64.b64decode(h["content_base64"]) for h in held] == [JOB.encode()]

    # A recruiter says it is a job description: it is read as one now, and no longer held.
    settled = await runtime.intake.set_type(
        scope, result.document_id, DocumentType.JOB_DESCRIPTION, pipeline
    )
    assert settled.status == "processed" and settled.job_id is not None
    assert runtime.held.get(scope, result.document_id) is None
    job = await runtime.jobs.job(scope.tenant, settled.job_id)
    assert (
        job is not None and job.work_arrangement == "remote" and job.location == "Berlin, Germany"
    )
    strength = {s.name: s.required for s in job.skills}
    assert strength.get("Python") is True
    assert strength.get("Apache Kafka") is False, strength  # "Good to have" is not required
    after = await runtime.uploads.document(scope.tenant, result.document_id)
    assert after is not None and after.doc_type_source == "user" and after.error_code is None


async def test_the_same_file_again_with_its_type_settles_a_waiting_document(
    runtime: Runtime,
) -> None:
    scope = new_scope()
    pipeline = await runtime.document_pipeline()
    first = await runtime.intake.ingest(
        scope, "job.txt", JOB.encode(), pipeline, UploadContext.PERSON
    )
    assert first.status == "needs_type"
    again = await runtime.intake.ingest(
        scope, "job.txt", JOB.encode(), pipeline, doc_type=DocumentType.RESUME
    )
    assert again.document_id == first.document_id and again.status == "processed"
    assert again.job_id is None and again.facts > 0


async def test_a_document_in_another_language_is_kept_not_mined(runtime: Runtime) -> None:
    scope = new_scope()
    pipeline = await runtime.document_pipeline()
    result = await runtime.intake.ingest(scope, "oferta.txt", SPANISH_JOB.encode(), pipeline)
    assert result.status == "unsupported_language" and result.facts == 0
    document = await runtime.uploads.document(scope.tenant, result.document_id)
    assert document is not None and document.language == "es"
    assert document.error_code == "unsupported_language"
    assert "language" in (document.error or "") and document.error_hint
    assert (await runtime.facts.facts(scope, None, 10, 0, private=True)).total == 0
    assert runtime.held.get(scope, result.document_id) == SPANISH_JOB.encode()


async def test_deleting_removes_what_is_held(runtime: Runtime) -> None:
    scope = new_scope()
    pipeline = await runtime.document_pipeline()
    one = await runtime.intake.ingest(scope, "a.txt", SPANISH_JOB.encode(), pipeline)
    two = await runtime.intake.ingest(scope, "b.txt", JOB.encode(), pipeline, UploadContext.PERSON)
    await runtime.privacy.delete_document(scope, one.document_id)
    assert runtime.held.get(scope, one.document_id) is None
    assert runtime.held.held(scope) == [two.document_id]
    await runtime.privacy.delete_person(scope, "the person")
    assert runtime.held.held(scope) == []
