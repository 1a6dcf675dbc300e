"""Uploading documents over REST: accepted at once, processed in the background, reported on
in GraphQL; bad files refused with a clear reason, and the server keeps serving."""

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from api.auth import Role

from ..documents import docx_bomb, make_pdf

CV = Path(__file__).parents[1] / "data" / "documents" / "resumes" / "harvey_dent_mle.pdf"
STATUS = """query($id: ID!) {
  document(id: $id) { status progress docType factCount errorCode error errorHint } }"""


async def upload(
    client: httpx.AsyncClient, token: str, name: str, data: bytes, person: str | None = None
) -> httpx.Response:
    return await client.post(
        "/api/v1/documents",
        files={"file": (name, data)},
        data={"person_id": person} if person else {},
        headers={"Authorization": f"Bearer {token}"},
    )


async def settled(gql: Callable[..., Any], document: str) -> dict[str, Any]:
    for _ in range(200):
        state = (await gql(STATUS, {"id": document}, role=Role.RECRUITER)).json()["data"][
            "document"
        ]
        if state["status"] not in ("queued", "processing"):
            return dict(state)
        await asyncio.sleep(0.1)
    raise AssertionError(f"document {document} never finished: {state}")


async def test_upload_is_processed_in_the_background(
    client: httpx.AsyncClient, token: Callable[..., str], gql: Callable[..., Any]
) -> None:
    recruiter = token(Role.RECRUITER, "acme", "rec-1")
    response = await upload(client, recruiter, "cv.pdf", CV.read_bytes(), person="up-1")
    assert response.status_code == 202
    accepted = response.json()
    assert accepted["status"] == "queued"
    done = await settled(gql, accepted["document_id"])
    assert done["status"] == "processed" and done["progress"] == 1.0
    assert done["docType"] == "resume" and done["factCount"] > 5
    again = await upload(client, recruiter, "same.pdf", CV.read_bytes(), person="up-1")
    assert again.json() == {"document_id": accepted["document_id"], "status": "duplicate"}


async def test_bad_files_are_refused_with_reasons_and_nothing_is_lost(
    client: httpx.AsyncClient, token: Callable[..., str], gql: Callable[..., Any]
) -> None:
    candidate = token(Role.CANDIDATE, "acme", "up-2")
    good = await upload(client, candidate, "cv.pdf", CV.read_bytes())
    await settled(gql, good.json()["document_id"])
    facts_before = (
        await gql('{ person(id: "up-2") { facts { totalCount } } }', role=Role.RECRUITER)
    ).json()["data"]["person"]["facts"]["totalCount"]

    empty = await upload(client, candidate, "empty.pdf", b"")
    assert empty.status_code == 422 and empty.json()["detail"]["code"] == "empty"
    exe = await upload(client, candidate, "cv.pdf", b"MZ\x90\x00" + bytes(range(256)) * 8)
    assert exe.status_code == 415 and "PDF, DOCX" in exe.json()["detail"]["hint"]
    bomb = await upload(client, candidate, "cv.docx", docx_bomb(100))
    assert bomb.status_code == 422 and bomb.json()["detail"]["code"] == "decompression_bomb"
    huge = await upload(client, candidate, "big.pdf", b"%PDF-1.4\n" + bytes(12 * 1024 * 1024))
    assert huge.status_code == 413 and huge.json()["detail"]["code"] == "too_large"

    locked = await upload(client, candidate, "locked.pdf", make_pdf([["x"]], encrypted=True))
    assert locked.status_code == 202  # accepted, then refused while reading it
    state = await settled(gql, locked.json()["document_id"])
    assert state["status"] == "rejected" and state["errorCode"] == "encrypted"
    assert "password" in state["error"] and state["errorHint"]

    health = await client.get("/health")
    assert health.status_code == 200
    after = (
        await gql('{ person(id: "up-2") { facts { totalCount } } }', role=Role.RECRUITER)
    ).json()["data"]["person"]["facts"]["totalCount"]
    assert after == facts_before


async def test_uploads_need_a_token_and_candidates_upload_only_for_themselves(
    client: httpx.AsyncClient, token: Callable[..., str]
) -> None:
    anonymous = await client.post("/api/v1/documents", files={"file": ("cv.pdf", b"x")})
    assert anonymous.status_code == 401
    candidate = token(Role.CANDIDATE, "acme", "up-3")
    other = await upload(client, candidate, "cv.pdf", CV.read_bytes(), person="someone-else")
    assert other.status_code == 403
