"""Documents and facts through GraphQL: multipart upload, the progress subscription, a
document's facts, and corrections with their audit trail."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from api.auth import Principal, Role
from api.graphql import schema
from api.graphql.context import Context
from engine import Runtime

from .test_upload import settled

CV = Path(__file__).parents[1] / "data" / "documents" / "resumes" / "john_doe.pdf"
UPLOAD = "mutation($file: Upload!) { uploadDocument(file: $file) { documentId status } }"
FACTS = """query($id: ID!) { document(id: $id) { docType
  facts(kind: "role", first: 5) { totalCount edges { node { id value normalized onetId
    validFrom validTo employer evidence { page text } } } } } }"""
UPDATE = """mutation($id: ID!, $change: FactChangeInput!) {
  updateFact(id: $id, change: $change) { id validFrom status edits { action actor } } }"""
HISTORY = """query($person: ID!, $fact: ID!) {
  person(id: $person) { factHistory(factId: $fact) { action actor before after } } }"""


async def graphql_upload(
    client: httpx.AsyncClient, token: str, name: str, data: bytes
) -> httpx.Response:
    operations = {"query": UPLOAD, "variables": {"file": None}}
    return await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (name, data)},
        headers={"Authorization": f"Bearer {token}"},
    )


async def test_upload_follow_progress_read_facts_and_correct_one(
    client: httpx.AsyncClient,
    token: Callable[..., str],
    gql: Callable[..., Any],
    runtime: Runtime,
) -> None:
    me = token(Role.CANDIDATE, "acme", "gq-1")
    response = (await graphql_upload(client, me, "cv.pdf", CV.read_bytes())).json()
    accepted = response["data"]["uploadDocument"]
    assert accepted["status"] == "queued"
    document = accepted["documentId"]

    # The subscription reports each change of status until the document is processed.
    principal = Principal(subject="gq-1", tenant="acme", role=Role.CANDIDATE)
    stream = await schema.subscribe(
        "subscription($id: ID!) { documentProgress(id: $id) { status progress } }",
        variable_values={"id": document},
        context_value=Context(runtime, principal),
    )
    seen = [result.data["documentProgress"] async for result in stream]  # type: ignore[union-attr]
    assert seen[-1] == {"status": "processed", "progress": 1.0}
    assert [s["progress"] for s in seen] == sorted(s["progress"] for s in seen)

    await settled(gql, document)
    headers = {"Authorization": f"Bearer {me}"}
    body = {"query": FACTS, "variables": {"id": document}}
    found = (await client.post("/graphql", json=body, headers=headers)).json()["data"]
    assert found["document"]["docType"] == "resume"
    roles = [e["node"] for e in found["document"]["facts"]["edges"]]
    assert roles and all(r["evidence"][0]["text"] for r in roles)

    role = roles[0]
    change = {"validFrom": "2015-06", "employer": "Initech"}
    body = {"query": UPDATE, "variables": {"id": role["id"], "change": change}}
    updated = (await client.post("/graphql", json=body, headers=headers)).json()["data"]
    assert updated["updateFact"]["validFrom"] == "2015-06"
    assert updated["updateFact"]["status"] == "confirmed"
    assert updated["updateFact"]["edits"] == [{"action": "update", "actor": "gq-1"}]
    body = {"query": HISTORY, "variables": {"person": "gq-1", "fact": role["id"]}}
    history = (await client.post("/graphql", json=body, headers=headers)).json()["data"]
    (entry,) = history["person"]["factHistory"]
    assert entry["after"]["employer"] == "Initech"
    assert entry["before"]["valid_from"] == role["validFrom"]


async def test_bad_uploads_and_edits_get_clear_errors(
    client: httpx.AsyncClient, token: Callable[..., str]
) -> None:
    me = token(Role.CANDIDATE, "acme", "gq-2")
    refused = (await graphql_upload(client, me, "cv.pdf", b"")).json()
    (error,) = refused["errors"]
    assert error["extensions"]["code"] == "empty" and error["extensions"]["hint"]
    headers = {"Authorization": f"Bearer {me}"}
    body = {"query": UPDATE, "variables": {"id": "nope", "change": {"validFrom": "2020"}}}
    (error,) = (await client.post("/graphql", json=body, headers=headers)).json()["errors"]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "person(id)" in error["extensions"]["hint"]
    body = {"query": UPDATE, "variables": {"id": "x", "change": {"validFrom": "last year"}}}
    errors = (await client.post("/graphql", json=body, headers=headers)).json()["errors"]
    assert errors and "valid" in json.dumps(errors).lower()


async def test_uploads_are_refused_by_size_before_they_are_read(
    client: httpx.AsyncClient, token: Callable[..., str]
) -> None:
    me = token(Role.CANDIDATE, "acme", "gq-3")
    huge = await graphql_upload(client, me, "big.pdf", b"%PDF-1.7\n" + b"0" * (60 * 2**20))
    assert huge.status_code == 413 and huge.json()["detail"]["code"] == "too_large"

    async def chunks():  # a streamed body that never says how long it is
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        yield b"hello\r\n--x--\r\n"

    streamed = await client.post(
        "/api/v1/documents",
        content=chunks(),
        headers={
            "Authorization": f"Bearer {me}",
            "Content-Type": "multipart/form-data; boundary=x",
        },
    )
    assert streamed.status_code == 411
    assert "Content-Length" in streamed.json()["detail"]["message"]


JOB_TEXT = b"""Data Engineer
We are looking for a data engineer to join our team. You will build pipelines.
Requirements: 3+ years of experience with Python and SQL. Nice to have: Airflow.
Benefits: remote work, learning budget. Apply with your CV.
"""
SET_TYPE = """mutation($id: ID!, $type: DocType!) {
  setDocumentType(id: $id, docType: $type) { status docType jobId errorCode } }"""


async def test_a_job_uploaded_for_a_candidate_waits_then_becomes_a_job_when_told(
    client: httpx.AsyncClient, token: Callable[..., str], gql: Callable[..., Any]
) -> None:
    candidate = token(Role.CANDIDATE, "acme", "gq-jd")
    accepted = (await graphql_upload(client, candidate, "posting.txt", JOB_TEXT)).json()
    document = accepted["data"]["uploadDocument"]["documentId"]
    state = await settled(gql, document)
    assert state["status"] == "needs_type"  # never a Job for a candidate's own upload

    headers = {"Authorization": f"Bearer {candidate}"}
    body = {"query": SET_TYPE, "variables": {"id": document, "type": "JOB_DESCRIPTION"}}
    (error,) = (await client.post("/graphql", json=body, headers=headers)).json()["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"

    # The candidate says what it really is to them (a document about their own work): read.
    body = {"query": SET_TYPE, "variables": {"id": document, "type": "COVER_LETTER"}}
    done = (await client.post("/graphql", json=body, headers=headers)).json()["data"]
    assert done["setDocumentType"] == {
        "status": "processed", "docType": "cover_letter", "jobId": None, "errorCode": None,
    }  # fmt: skip


async def test_a_recruiter_posts_a_job_by_saying_so_at_upload(
    client: httpx.AsyncClient, token: Callable[..., str], gql: Callable[..., Any]
) -> None:
    recruiter = token(Role.RECRUITER, "acme", "gq-rec")
    operations = {
        "query": "mutation($file: Upload!) { uploadDocument(file: $file, "
        "docType: JOB_DESCRIPTION) { documentId status } }",
        "variables": {"file": None},
    }
    response = await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("short.txt", b"Python developer. SQL, Docker.")},
        headers={"Authorization": f"Bearer {recruiter}"},
    )
    document = response.json()["data"]["uploadDocument"]["documentId"]
    state = await settled(gql, document)
    assert state["status"] == "processed"
    body = {"query": "query($id: ID!) { document(id: $id) { docType jobId } }",
            "variables": {"id": document}}  # fmt: skip
    found = (await gql(body["query"], body["variables"], role=Role.RECRUITER)).json()["data"]
    assert found["document"]["docType"] == "job_description" and found["document"]["jobId"]
