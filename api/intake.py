"""Accepting an upload, shared by REST and the GraphQL uploadDocument mutation: read it under
the size cap, screen it while the caller waits, register it, and process it in the
background (an in-process task; `DocumentIntake.process` is what a separate worker would run)."""

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import BaseModel

from engine import Runtime
from engine.documents import DocumentRejected, check_size, screen
from engine.documents.classify import DocumentType, UploadContext
from engine.documents.pipeline import DocumentPipeline
from engine.people import Scope

from .auth import Principal, Role

__all__ = ["UploadAccepted", "accept_upload", "upload_context"]

log = logging.getLogger(__name__)
_CHUNK = 1024 * 1024


class UploadAccepted(BaseModel):
    document_id: str
    status: str
    """queued (processing in the background) or duplicate (this content is already stored)."""


def upload_context(
    principal: Principal, person: str, doc_type: DocumentType | None
) -> UploadContext:
    """A candidate's own upload, or anyone's upload for another person, is for a profile:
    nobody posts a job that way. Staff uploading under their own id may be posting one."""
    if doc_type is DocumentType.JOB_DESCRIPTION and principal.role is not Role.CANDIDATE:
        return UploadContext.POSTING
    if principal.role is Role.CANDIDATE or person != principal.subject:
        return UploadContext.PERSON
    return UploadContext.UNKNOWN


async def accept_upload(
    runtime: Runtime,
    tasks: set[asyncio.Task[Any]],
    principal: Principal,
    person: str,
    filename: str,
    read: Callable[[int], Awaitable[bytes]],
    doc_type: DocumentType | None = None,
) -> UploadAccepted:
    """`doc_type`: what the uploader says it is (then it is not guessed). Raises
    DocumentRejected (recorded in quarantine), or Deleting (the person is being deleted)."""
    scope = Scope(principal.tenant, person)
    context = upload_context(principal, person, doc_type)
    pipeline = await runtime.document_pipeline()
    data = bytearray()
    try:
        while chunk := await read(_CHUNK):
            data += chunk
            check_size(len(data), pipeline.limits)
        # Refuse what the filter refuses while the caller waits; reading the text (and the
        # refusals only it can find, such as encryption) happens in the background.
        screening = await asyncio.to_thread(screen, bytes(data), pipeline.limits)
    except DocumentRejected as e:
        digest = hashlib.sha256(data).hexdigest()
        await runtime.uploads.quarantine(scope, digest, len(data), e)
        raise
    content = bytes(data)
    registered = await runtime.uploads.register(
        scope, filename, screening.sha256, len(content), pipeline.limits
    )
    if registered.status == "queued":
        task = asyncio.create_task(
            _process(runtime, scope, registered.document_id, content, pipeline, context, doc_type)
        )
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    return UploadAccepted(document_id=registered.document_id, status=registered.status)


async def _process(
    runtime: Runtime,
    scope: Scope,
    document: str,
    data: bytes,
    pipeline: DocumentPipeline,
    context: UploadContext,
    doc_type: DocumentType | None,
) -> None:
    try:
        await runtime.intake.process(scope, document, data, pipeline, context, doc_type)
    except DocumentRejected:
        pass  # recorded on the document (status rejected, with the reason and what to do)
    except Exception:
        log.exception("processing document %s failed", document)
