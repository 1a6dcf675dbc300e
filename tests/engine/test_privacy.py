"""A person's rights over their data: a complete export, deleting a document with what was
learned only from it, and deleting the person without residue (graph, Redis, files)."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from engine import NotFound, Runtime
from engine.documents import DocumentRejected
from engine.documents.classify import DocumentType
from engine.events import EVENT_STREAM
from engine.facts import FactBase, FactKind, FactWrite, TurnEvidence
from engine.facts.model import EvidenceKind
from engine.people import Deleting, Scope
from graph_schema import queries as q

CV = """Ada Quillfeather
EXPERIENCE
Senior Software Engineer, Quillworks {tag}
Jan 2019 - Present
Built payment APIs in Python and Docker.
SKILLS
Python, Docker, PostgreSQL
"""
NOTE = "SKILLS\nPython, Kubernetes\n"
JOB = """Job Title: Backend Engineer
Location: Berlin
Requirements
Strong Python and PostgreSQL.
"""


async def ingest(
    runtime: Runtime, scope: Scope, name: str, text: str, doc_type: DocumentType | None = None
) -> str:
    result = await runtime.intake.ingest(
        scope, name, text.encode(), await runtime.document_pipeline(), doc_type=doc_type
    )
    assert result.status == "processed"
    return result.document_id


async def skills(runtime: Runtime, scope: Scope) -> dict[str, object]:
    page = await runtime.facts.facts(scope, "skill", 100, 0, private=True)
    return {f.normalized or f.value: f for f in page.items}


def new_scope(prefix: str = "p") -> Scope:
    return Scope("acme", f"{prefix}-{uuid.uuid4().hex[:10]}")


async def a_full_profile(runtime: Runtime, scope: Scope, tag: str) -> None:
    """Documents, a job, an edit, a private fact, a conversation answer, a refused upload."""
    await ingest(runtime, scope, "cv.txt", CV.format(tag=tag))
    await ingest(runtime, scope, "job.txt", JOB, DocumentType.JOB_DESCRIPTION)  # a posting
    found = await skills(runtime, scope)
    await runtime.facts.confirm(scope, found["Python"].id, scope.person)  # type: ignore[attr-defined]
    from engine.facts import Visibility

    await runtime.facts.set_visibility(
        scope,
        found["Docker"].id,
        scope.person,
        Visibility.PRIVATE,  # type: ignore[attr-defined]
    )
    await runtime.facts.record_turn(scope, f"session-{tag}", [FactWrite(
        identity="text:rust", fact=FactBase(kind=FactKind.SKILL, value="Rust", confidence=0.6),
        evidence=TurnEvidence(kind=EvidenceKind.CONVERSATION, extractor="test", turn=3,
                              extractor_version="1", text=f"I write Rust at Quillworks {tag}"),
    )])  # fmt: skip
    with pytest.raises(DocumentRejected):  # an empty file is refused, and recorded
        await runtime.intake.ingest(scope, "empty.txt", b"", await runtime.document_pipeline())
    await runtime.access.record(scope, "recruiter-1", "recruiter", "person")


async def test_the_export_holds_every_node_and_edge_of_the_person(runtime: Runtime) -> None:
    scope, tag = new_scope("export"), uuid.uuid4().hex[:8]
    await a_full_profile(runtime, scope, tag)
    exported = json.loads(json.dumps(await runtime.privacy.export(scope)))
    # what the graph holds, found independently of the export's own queries
    nodes = await runtime.store.execute(
        "MATCH (n) WHERE n.tenant_id = $tenant AND (n.person_id = $person OR "
        "(n:Person AND n.id = $person)) RETURN n.id AS id",
        scope.params, read_only=True,
    )  # fmt: skip
    edges = await runtime.store.execute(
        "MATCH (n)-[r]-(m) WHERE n.tenant_id = $tenant AND (n.person_id = $person OR "
        "(n:Person AND n.id = $person)) RETURN DISTINCT startNode(r).id AS source, "
        "type(r) AS type, endNode(r).id AS target",
        scope.params, read_only=True,
    )  # fmt: skip
    exported_nodes = {n["id"] for n in exported["graph"]["nodes"]}
    exported_edges = {(e["source"], e["type"], e["target"]) for e in exported["graph"]["edges"]}
    assert {n["id"] for n in nodes} <= exported_nodes
    missing = [e for e in edges if (e["source"], e["type"], e["target"]) not in exported_edges]
    assert not missing, missing
    assert len(nodes) > 10 and len(edges) > 20
    # and in readable sections
    values = {f["value"] for f in exported["facts"]}
    assert {"Python", "Docker", "Rust"} <= values  # private facts too: it is their data
    rust = next(f for f in exported["facts"] if f["value"] == "Rust")
    assert rust["evidence"][0]["source"] == "conversation" and rust["evidence"][0]["turn"] == 3
    documents = {d["filename"]: d for d in exported["documents"]}
    assert documents.keys() == {"cv.txt", "job.txt", "empty.txt"}
    assert documents["empty.txt"]["status"] == "rejected"
    assert exported["jobs"] and exported["quarantine"][0]["code"] == "empty"
    assert sorted(e["action"] for e in exported["fact_edits"]) == ["confirm", "visibility"]
    assert exported["access_log"][0]["subject"] == "recruiter-1"
    assert {e["name"] for e in exported["events"]} >= {"document.processed", "fact.created"}


async def test_deleting_a_document_keeps_what_other_sources_show(runtime: Runtime) -> None:
    scope = new_scope("deldoc")
    cv = await ingest(runtime, scope, "cv.txt", CV.format(tag="x"))
    before = await skills(runtime, scope)
    await ingest(runtime, scope, "note.txt", NOTE)
    job = await runtime.intake.ingest(
        scope,
        "job.txt",
        JOB.encode(),
        await runtime.document_pipeline(),
        doc_type=DocumentType.JOB_DESCRIPTION,
    )
    python_before = before["Python"]
    assert python_before.months  # type: ignore[attr-defined]  # from the CV's role dates

    counts = await runtime.privacy.delete_document(scope, cv)
    after = await skills(runtime, scope)
    assert "Docker" not in after and "PostgreSQL" not in after  # only the CV showed them
    assert "Kubernetes" in after
    python = after["Python"]
    assert [e.document for e in python.evidence] == [  # type: ignore[attr-defined]
        e.document
        for e in python.evidence
        if e.document != cv  # type: ignore[attr-defined]
    ] and len(python.evidence) == 1  # type: ignore[attr-defined]
    assert python.months is None  # type: ignore[attr-defined]  # a skills list has no dates
    assert python.confidence == python.evidence[0].confidence  # type: ignore[attr-defined]
    assert counts["facts_deleted"] >= 3 and counts["facts_updated"] >= 1
    assert await runtime.uploads.document("acme", cv) is None
    roles = await runtime.facts.facts(scope, "role", 10, 0)
    assert roles.total == 0
    # a job description takes its Job with it
    assert job.job_id and await runtime.jobs.job("acme", job.job_id)
    await runtime.privacy.delete_document(scope, job.document_id)
    assert await runtime.jobs.job("acme", job.job_id) is None
    with pytest.raises(NotFound):
        await runtime.privacy.delete_document(scope, cv)


def _files_holding(directory: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path}: {n!r}" for n in needles if n in data]
    return found


async def _redis_holding(runtime: Runtime, needles: list[str]) -> list[str]:
    found = []
    async for key in runtime.redis.scan_iter(count=1000):
        kind = await runtime.redis.type(key)
        if kind == "stream":
            value = json.dumps(await runtime.redis.xrange(key))
        elif kind == "string":
            value = str(await runtime.redis.get(key))
        elif kind == "set":
            value = json.dumps(sorted(await runtime.redis.smembers(key)))
        elif kind == "hash":
            value = json.dumps(await runtime.redis.hgetall(key))
        elif kind == "list":
            value = json.dumps(await runtime.redis.lrange(key, 0, -1))
        else:
            value = ""
        found += [f"{key}: {n}" for n in needles if n in key or n in value]
    return found


async def test_deleting_a_person_leaves_no_residue(runtime: Runtime) -> None:
    scope, tag = new_scope("erase"), uuid.uuid4().hex[:8]
    await a_full_profile(runtime, scope, tag)
    await runtime.analytics.run("MATCH (p:Person) RETURN count(p) AS n", None, "acme")
    needles = [scope.person, f"Quillworks {tag}"]
    assert await _redis_holding(runtime, needles)  # the test can see them before

    record = await runtime.privacy.delete_person(scope, "the person")
    assert record["counts"]["Fact"] >= 5 and record["counts"]["Document"] == 3
    for label in ("Person", "Document", "Fact", "FactEdit", "Job", "QuarantinedFile",
                  "ConversationSession"):  # fmt: skip
        rows = await runtime.store.execute(
            f"MATCH (n:{label}) WHERE n.person_id = $person OR n.id = $person "
            "RETURN count(n) AS n", {"person": scope.person}, read_only=True,
        )  # fmt: skip
        assert rows[0]["n"] == 0, label
    deletion = await runtime.store.execute(
        "MATCH (d:Deletion {id: $id}) RETURN properties(d) AS p", {"id": record["id"]}
    )
    kept = json.dumps(deletion[0]["p"])
    assert all(n not in kept for n in needles) and "the person" in kept
    assert await _redis_holding(runtime, needles) == []
    assert _files_holding(runtime.settings.data_dir, [n.encode() for n in needles]) == []
    events = await runtime.redis.xrevrange(EVENT_STREAM, count=1)
    assert events[0][1]["name"] == "person.deleted" and events[0][1]["person"] == ""
    assert not await runtime.people.exists(scope)
    with pytest.raises(NotFound):
        await runtime.privacy.export(scope)


async def test_an_interrupted_deletion_hides_the_person_and_finishes_on_start(
    runtime: Runtime,
) -> None:
    scope = new_scope("halfway")
    await ingest(runtime, scope, "cv.txt", CV.format(tag="y"))
    # what a process killed after its first batch leaves: the mark, and part of the data
    await runtime.store.execute(
        q.MARK_DELETING,
        {**scope.params, "now": "2026-01-01", "id": "del-halfway", "requested_by": "admin"},
    )
    await runtime.store.execute(q.delete_owned_batch("Document"), {**scope.params, "batch": 10})
    assert not await runtime.people.exists(scope)
    assert (await runtime.facts.facts(scope, None, 10, 0, private=True)).total == 0
    with pytest.raises(Deleting):
        await runtime.intake.ingest(
            scope, "cv2.txt", b"SKILLS\nGo\n", await runtime.document_pipeline()
        )
    assert await runtime.privacy.resume() >= 1
    left = await runtime.store.execute(
        "MATCH (n) WHERE n.tenant_id = $tenant AND (n.person_id = $person OR n.id = $person) "
        "RETURN count(n) AS n", scope.params, read_only=True,
    )  # fmt: skip
    assert left[0]["n"] == 0
    record = await runtime.store.execute("MATCH (d:Deletion {id: 'del-halfway'}) RETURN d.at AS at")
    assert record


async def test_two_first_uploads_at_once_make_one_person_and_keep_both(runtime: Runtime) -> None:
    scope = new_scope("race")
    pipeline = await runtime.document_pipeline()
    texts = [f"SKILLS\nSkill{i}, Python\n" for i in range(6)]
    results = await asyncio.gather(*(
        runtime.intake.ingest(scope, f"n{i}.txt", t.encode(), pipeline) for i, t in enumerate(texts)
    ))  # fmt: skip
    assert {r.status for r in results} == {"processed"}
    assert len(await runtime.uploads.documents(scope)) == 6
    people = await runtime.store.execute(
        "MATCH (p:Person {tenant_id: $tenant, id: $person}) RETURN count(p) AS n", scope.params
    )
    assert people[0]["n"] == 1


async def test_every_change_is_an_event_without_personal_text(runtime: Runtime) -> None:
    scope = new_scope("events")
    last = (await runtime.redis.xrevrange(EVENT_STREAM, count=1) or [("0-0", {})])[0][0]
    document = await ingest(runtime, scope, "cv.txt", CV.format(tag="events"))
    python = (await skills(runtime, scope))["Python"]
    await runtime.facts.delete(scope, python.id, scope.person)  # type: ignore[attr-defined]
    entries = [f for _, f in await runtime.redis.xrange(EVENT_STREAM, min=f"({last}")]
    mine = [e for e in entries if e["person"] == scope.person]
    names = [e["name"] for e in mine]
    assert "document.processed" in names and "fact.deleted" in names
    assert names.count("fact.created") >= 5
    processed = next(e for e in mine if e["name"] == "document.processed")
    assert json.loads(processed["ids"])["document"] == document
    text = json.dumps(mine)
    assert "Quillworks" not in text and "payment" not in text and "Ada" not in text


_DELETE_SLOWLY = """
import asyncio, sys
import engine.privacy
from engine import Runtime, Settings
from engine.people import Scope

engine.privacy._BATCH = 1  # one node per round trip, so the kill lands midway
async def main():
    runtime = await Runtime.open(Settings(), warm=False)
    execute = runtime.store.execute
    async def slowly(*args, **kwargs):  # a busy store: the test sees the mark in time
        await asyncio.sleep(0.02)
        return await execute(*args, **kwargs)
    runtime.store.execute = slowly
    await runtime.privacy.delete_person(Scope(sys.argv[1], sys.argv[2]), "admin")
asyncio.run(main())
"""


async def test_a_deletion_killed_midway_is_hidden_then_finished(runtime: Runtime) -> None:
    scope = new_scope("killed")
    await ingest(runtime, scope, "cv.txt", CV.format(tag="killed"))
    await ingest(runtime, scope, "note.txt", NOTE)
    before = (await runtime.facts.facts(scope, None, 100, 0, private=True)).total
    env = {**os.environ, "CAREERGRAPH_DATA_DIR": str(runtime.settings.data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-c", _DELETE_SLOWLY, scope.tenant, scope.person], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            marked = await runtime.store.execute(q.PERSON_DELETING, scope.params, read_only=True)
            if marked and marked[0]["deleting"]:
                break
            await asyncio.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    left = await runtime.store.execute(
        "MATCH (f:Fact {tenant_id: $tenant, person_id: $person}) RETURN count(f) AS n",
        scope.params, read_only=True,
    )  # fmt: skip
    assert 0 < left[0]["n"] <= before  # killed midway: part of the person is still stored
    # ... and none of it looks like a person
    assert not await runtime.people.exists(scope)
    assert (await runtime.facts.facts(scope, None, 100, 0, private=True)).total == 0
    with pytest.raises(NotFound):
        await runtime.privacy.export(scope)
    assert await runtime.privacy.resume() >= 1  # what the next start does
    gone = await runtime.store.execute(
        "MATCH (n) WHERE n.tenant_id = $tenant AND (n.person_id = $person OR n.id = $person) "
        "RETURN count(n) AS n", scope.params, read_only=True,
    )  # fmt: skip
    assert gone[0]["n"] == 0
