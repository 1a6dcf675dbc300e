"""Documents become a person's facts in the graph, with provenance, scoped by tenant."""

import uuid
from pathlib import Path

import pytest

from engine import Runtime
from engine.documents import DocumentRejected, Limits, extract_text, screen
from engine.people import Scope

from ..documents import make_pdf

CV = Path(__file__).parents[1] / "data" / "documents" / "resumes" / "john_doe.pdf"


def person() -> str:
    return f"person-{uuid.uuid4().hex[:10]}"


async def test_facts_are_stored_with_evidence_that_quotes_the_page(runtime: Runtime) -> None:
    pipeline = await runtime.document_pipeline()
    who = person()
    result = await runtime.intake.ingest(
        Scope("acme", who), "john_doe.pdf", CV.read_bytes(), pipeline
    )
    assert result.status == "processed" and result.doc_type == "resume" and result.facts > 10
    page = await runtime.facts.facts(Scope("acme", who), None, 100, 0)
    assert page.total == result.facts
    pages = {
        p.number: p.text
        for p in extract_text(
            CV.read_bytes(), screen(CV.read_bytes(), Limits()).doc_type, Limits()
        ).pages
    }
    for fact in page.items:
        (evidence,) = fact.evidence
        assert evidence.document == result.document_id
        assert pages[evidence.page][evidence.start : evidence.end] == evidence.text
    docs = await runtime.uploads.documents(Scope("acme", who))
    assert [d.filename for d in docs] == ["john_doe.pdf"] and docs[0].doc_type == "resume"


async def test_same_content_twice_is_one_document(runtime: Runtime) -> None:
    pipeline = await runtime.document_pipeline()
    who = person()
    first = await runtime.intake.ingest(Scope("acme", who), "cv.pdf", CV.read_bytes(), pipeline)
    again = await runtime.intake.ingest(Scope("acme", who), "copy.pdf", CV.read_bytes(), pipeline)
    assert again.status == "duplicate" and again.document_id == first.document_id
    assert len(await runtime.uploads.documents(Scope("acme", who))) == 1
    assert (await runtime.facts.facts(Scope("acme", who), None, 1, 0)).total == first.facts


async def test_one_fact_from_two_documents_has_two_pieces_of_evidence(runtime: Runtime) -> None:
    pipeline = await runtime.document_pipeline()
    who = person()
    await runtime.intake.ingest(Scope("acme", who), "cv.pdf", CV.read_bytes(), pipeline)
    note = b"SKILLS\nDocker, Kubernetes\n"
    await runtime.intake.ingest(Scope("acme", who), "skills.txt", note, pipeline)
    facts = {
        f.normalized: f for f in (await runtime.facts.facts(Scope("acme", who), None, 100, 0)).items
    }
    assert len(facts["Docker"].evidence) == 2
    assert {e.text for e in facts["Docker"].evidence} == {"Docker"}
    assert len(facts["Kubernetes"].evidence) == 1


async def test_the_same_id_in_two_tenants_is_two_people(runtime: Runtime) -> None:
    pipeline = await runtime.document_pipeline()
    who = person()
    acme, globex = Scope("acme", who), Scope("globex", who)
    first = await runtime.intake.ingest(acme, "cv.pdf", CV.read_bytes(), pipeline)
    assert (await runtime.facts.facts(globex, None, 10, 0)).total == 0
    assert await runtime.uploads.documents(globex) == []
    assert not await runtime.people.exists(globex)
    # globex can use the id as well: a person of its own, and acme's is untouched
    other = await runtime.intake.ingest(globex, "cv.txt", b"SKILLS\nKubernetes\n", pipeline)
    assert other.status == "processed" and other.document_id != first.document_id
    acme_skills = {f.value for f in (await runtime.facts.facts(acme, "skill", 100, 0)).items}
    globex_skills = {f.value for f in (await runtime.facts.facts(globex, "skill", 100, 0)).items}
    assert globex_skills == {"Kubernetes"} and "Kubernetes" not in acme_skills
    assert [d.id for d in await runtime.uploads.documents(acme)] == [first.document_id]


async def test_a_refused_file_is_quarantined_and_loses_nothing(runtime: Runtime) -> None:
    pipeline = await runtime.document_pipeline()
    who = person()
    await runtime.intake.ingest(Scope("acme", who), "cv.pdf", CV.read_bytes(), pipeline)
    before = (await runtime.facts.facts(Scope("acme", who), None, 1, 0)).total
    encrypted = make_pdf([["Secret CV"]], encrypted=True)
    with pytest.raises(DocumentRejected) as error:
        await runtime.intake.ingest(Scope("acme", who), "locked.pdf", encrypted, pipeline)
    assert error.value.code == "encrypted"
    rows = await runtime.store.execute(
        "MATCH (q:QuarantinedFile {person_id: $p, tenant_id: 'acme'}) RETURN q",
        {"p": who},
        read_only=True,
    )
    record = rows[0]["q"]["properties"]
    assert record["code"] == "encrypted" and len(record["sha256"]) == 64
    assert "Secret" not in str(record)  # the content is not kept
    assert (await runtime.facts.facts(Scope("acme", who), None, 1, 0)).total == before
    documents = {d.filename: d for d in await runtime.uploads.documents(Scope("acme", who))}
    assert documents["cv.pdf"].status == "processed"
    refused = documents["locked.pdf"]  # a record of the refusal, saying what to do
    assert (refused.status, refused.error_code) == ("rejected", "encrypted") and refused.error_hint
