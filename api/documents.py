"""REST document upload: POST /api/v1/documents (multipart). Processing runs in the background;
`document(id) { status progress error }` in GraphQL reports on it."""

import asyncio
import hashlib
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile, status
from pydantic import BaseModel

from engine import NotFound, Runtime
from engine.documents import DocumentRejected, check_size, screen
from engine.documents.pipeline import DocumentPipeline

from .auth import Principal, Role
from .deps import PrincipalDep, RuntimeDep

__all__ = ["router"]

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1", tags=["documents"])
_CHUNK = 1024 * 1024
_STATUS = {"too_large": 413, "quota": 413, "unsupported_type": 415, "empty": 422}


class UploadAccepted(BaseModel):
    document_id: str
    status: str
    """queued (processing in the background) or duplicate (this content is already stored)."""


def _principal(principal: PrincipalDep) -> Principal:
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="send 'Authorization: Bearer <token>'; mint one with careergraph token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def _refusal(error: DocumentRejected) -> HTTPException:
    detail = {"code": error.code, "message": error.message, "hint": error.hint}
    return HTTPException(_STATUS.get(error.code, 422), detail=detail)


@router.post("/documents", status_code=status.HTTP_202_ACCEPTED)
async def upload_document(
    request: Request,
    runtime: RuntimeDep,
    principal: Annotated[Principal, Depends(_principal)],
    file: UploadFile,
    person_id: Annotated[str | None, Form()] = None,
) -> UploadAccepted:
    """Upload a PDF, DOCX, TXT, PNG or JPG for a person in your tenant (default: yourself)."""
    person = person_id or principal.subject
    if principal.role is Role.CANDIDATE and person != principal.subject:
        raise HTTPException(403, detail="candidates can upload only to their own profile")
    pipeline = await runtime.document_pipeline()
    data = bytearray()
    try:
        while chunk := await file.read(_CHUNK):
            data += chunk
            check_size(len(data), pipeline.limits)
        # Refuse what the filter refuses while the caller waits; reading the text (and the
        # refusals only it can find, such as encryption) happens in the background.
        screening = await asyncio.to_thread(screen, bytes(data), pipeline.limits)
    except DocumentRejected as e:
        digest = hashlib.sha256(data).hexdigest()
        await runtime.profiles.quarantine(principal.tenant, person, digest, len(data), e)
        raise _refusal(e) from None
    content = bytes(data)
    try:
        registered = await runtime.profiles.register(
            principal.tenant,
            person,
            file.filename or "upload",
            screening.sha256,
            len(content),
            pipeline.limits,
        )
    except DocumentRejected as e:
        raise _refusal(e) from None
    except NotFound as e:
        raise HTTPException(404, detail=str(e)) from None
    if registered.status == "queued":
        task = asyncio.create_task(
            _process(runtime, principal.tenant, person, registered.document_id, content, pipeline)
        )
        tasks: set[asyncio.Task[Any]] = request.app.state.tasks
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    return UploadAccepted(document_id=registered.document_id, status=registered.status)


async def _process(
    runtime: Runtime,
    tenant: str,
    person: str,
    document: str,
    data: bytes,
    pipeline: DocumentPipeline,
) -> None:
    try:
        await runtime.profiles.process(tenant, person, document, data, pipeline)
    except DocumentRejected:
        pass  # recorded on the document (status rejected, with the reason and what to do)
    except Exception:
        log.exception("processing document %s failed", document)
