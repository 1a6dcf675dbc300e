"""REST document upload: POST /api/v1/documents (multipart). Processing runs in the background;
`document(id) { status progress error }` in GraphQL reports on it."""

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile, status

from engine.bounds import check_id, clean_filename
from engine.documents import DocumentRejected
from engine.documents.classify import DocumentType
from engine.people import Deleting

from .auth import Role
from .deps import RuntimeDep, SignedInDep
from .intake import UploadAccepted, accept_upload
from .ratelimit import Budget, caller_key

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["documents"])
_STATUS = {"too_large": 413, "quota": 413, "unsupported_type": 415, "empty": 422}


def _refusal(error: DocumentRejected) -> HTTPException:
    detail = {"code": error.code, "message": error.message, "hint": error.hint}
    return HTTPException(_STATUS.get(error.code, 422), detail=detail)


@router.post("/documents", status_code=status.HTTP_202_ACCEPTED)
async def upload_document(
    request: Request,
    runtime: RuntimeDep,
    principal: SignedInDep,
    file: UploadFile,
    person_id: Annotated[str | None, Form()] = None,
    doc_type: Annotated[DocumentType | None, Form()] = None,
) -> UploadAccepted:
    """Upload a PDF, DOCX, TXT, PNG or JPG for a person in your tenant (default: yourself).
    `person_id`: 1-200 printable characters. `doc_type`: what it is, when you know (staff
    posting a job: job_description); otherwise it is classified, and a document that cannot
    be told apart waits in status needs_type for setDocumentType."""
    person = check_id(person_id, "person_id") if person_id is not None else principal.subject
    if principal.role is Role.CANDIDATE and person != principal.subject:
        raise HTTPException(403, detail="candidates can upload only to their own profile")
    await request.app.state.limiter.spend(caller_key(principal, None), Budget.EXPENSIVE)
    try:
        return await accept_upload(
            runtime, request.app.state.tasks, principal, person,
            clean_filename(file.filename), file.read, doc_type,
        )  # fmt: skip
    except DocumentRejected as e:
        raise _refusal(e) from None
    except Deleting as e:
        raise HTTPException(409, detail={"code": "deleting", "message": e.message,
                                         "hint": e.hint}) from None  # fmt: skip
