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
from engine.documents.pipeline import DocumentPipeline
from engine.people import Scope

__all__ = ["UploadAccepted", "accept_upload"]

log = logging.getLogger(__name__)
_CHUNK = 1024 * 1024


class UploadAccepted(BaseModel):
    document_id: str
    status: str
    """queued (processing in the background) or duplicate (this content is already stored)."""


async def accept_upload(
    runtime: Runtime,
    tasks: set[asyncio.Task[Any]],
    tenant: str,
    person: str,
    filename: str,
    read: Callable[[int], Awaitable[bytes]],
) -> UploadAccepted:
    """Raises DocumentRejected (recorded in quarantine), or Deleting (the person is being
    deleted)."""
    scope = Scope(tenant, person)
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
            _process(runtime, scope, registered.document_id, content, pipeline)
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
) -> None:
    try:
        await runtime.intake.process(scope, document, data, pipeline)
    except DocumentRejected:
        pass  # recorded on the document (status rejected, with the reason and what to do)
    except Exception:
        log.exception("processing document %s failed", document)
