"""Facts of every kind in the graph: related to each other, conflicts kept and flagged,
corrections audited, job descriptions stored as Jobs rather than as the person's facts."""

import uuid

import pytest

from engine import InvalidInput, NotFound, Runtime
from engine.facts import FactChange
from engine.people import Scope

CV = """Jane Roe
EXPERIENCE
Senior Software Engineer, Acme Corp
{start} - Present
Built payment APIs in Python and PostgreSQL; cut checkout latency 40%.
EDUCATION
Bachelor of Science in Computer Science, University of Toronto, 2015
SKILLS
Python, PostgreSQL, Docker
"""
JOB = """Job Title: Backend Engineer
Location: Berlin, Germany
Hybrid: three days a week in the office.
About us
We build payment infrastructure.
Requirements
3-5 years of experience building web services.
Strong Python and PostgreSQL.
Bachelor's degree in Computer Science or similar.
Nice to have
Kubernetes
"""


def person() -> str:
    return f"person-{uuid.uuid4().hex[:10]}"


async def ingest(runtime: Runtime, who: str, name: str, text: str) -> str:
    pipeline = await runtime.document_pipeline()
    result = await runtime.intake.ingest(Scope("acme", who), name, text.encode(), pipeline)
    assert result.status == "processed"
    return result.document_id


async def facts(runtime: Runtime, who: str, kind: str | None = None) -> dict[str, object]:
    page = await runtime.facts.facts(Scope("acme", who), kind, 100, 0)
    return {f.normalized or f.value: f for f in page.items}


async def test_roles_employers_and_skills_are_stored_related(runtime: Runtime) -> None:
    who = person()
    await ingest(runtime, who, "cv.txt", CV.format(start="Jan 2020"))
    roles = await facts(runtime, who, "role")
    role = roles["Software Developers"]
    assert role.value == "Senior Software Engineer" and role.onet_id == "15-1252.00"
    assert (role.valid_from, role.valid_to, role.employer) == ("2020-01", None, "Acme Corp")
    assert [(r.rel, r.kind, r.value) for r in role.related] == [("AT", "employer", "Acme Corp")]
    skills = await facts(runtime, who, "skill")
    postgres = skills["PostgreSQL"]
    assert postgres.months and postgres.months > 60
    assert ("USED_IN", "role") in {(r.rel, r.kind) for r in postgres.related}
    kinds = {f.kind for f in (await facts(runtime, who)).values()}
    assert {"skill", "role", "employer", "degree", "institution", "achievement"} <= kinds


async def test_two_documents_that_disagree_on_dates_keep_both_and_flag_it(
    runtime: Runtime,
) -> None:
    who = person()
    first = await ingest(runtime, who, "cv-2024.txt", CV.format(start="Jan 2020"))
    second = await ingest(runtime, who, "cv-2025.txt", CV.format(start="Mar 2020") + "Go\n")
    role = (await facts(runtime, who, "role"))["Software Developers"]
    assert role.conflict
    dates = {e.document: e.valid_from for e in role.evidence}
    assert dates == {first: "2020-01", second: "2020-03"}
    python = (await facts(runtime, who, "skill"))["Python"]
    assert not python.conflict and len(python.evidence) == 2


async def test_corrections_are_audited_and_a_deleted_fact_stays_deleted(runtime: Runtime) -> None:
    who = person()
    await ingest(runtime, who, "cv.txt", CV.format(start="Jan 2020"))
    role = (await facts(runtime, who, "role"))["Software Developers"]
    edits, scope = runtime.facts, Scope("acme", who)
    await edits.update(scope, role.id, "jane", FactChange(valid_from="2019-11", employer="Acme"))
    updated = (await facts(runtime, who, "role"))["Software Developers"]
    assert updated.valid_from == "2019-11" and updated.status == "confirmed"
    docker = (await facts(runtime, who, "skill"))["Docker"]
    await edits.confirm(scope, docker.id, "jane")
    await edits.delete(scope, docker.id, "jane")
    assert "Docker" not in await facts(runtime, who, "skill")
    history = await edits.history(scope, role.id)
    assert [(h.action, h.actor) for h in history] == [("update", "jane")]
    assert history[0].before["valid_from"] == "2020-01"
    assert history[0].before["employer"] == "Acme Corp"
    assert history[0].after["valid_from"] == "2019-11"
    after = (await facts(runtime, who, "role"))["Software Developers"]
    assert [e.action for e in after.edits] == ["update"]
    # Another CV naming Docker again does not bring the deleted fact back.
    await ingest(runtime, who, "other.txt", "SKILLS\nDocker, Kubernetes\n")
    skills = await facts(runtime, who, "skill")
    assert "Docker" not in skills and "Kubernetes" in skills
    assert [h.action for h in await edits.history(scope, docker.id, private=True)] == [
        "confirm",
        "delete",
    ]


async def test_bad_corrections_say_what_was_wrong(runtime: Runtime) -> None:
    who = person()
    await ingest(runtime, who, "cv.txt", CV.format(start="Jan 2020"))
    role = (await facts(runtime, who, "role"))["Software Developers"]
    with pytest.raises(InvalidInput, match="before validFrom"):
        await runtime.facts.update(Scope("acme", who), role.id, "jane", FactChange(valid_to="2010"))
    with pytest.raises(InvalidInput, match="changes nothing"):
        await runtime.facts.update(Scope("acme", who), role.id, "jane", FactChange())
    with pytest.raises(NotFound):  # another tenant cannot touch it
        await runtime.facts.delete(Scope("globex", who), role.id, "mallory")
    assert (await facts(runtime, who, "role"))["Software Developers"].valid_from == "2020-01"


async def test_a_job_description_becomes_a_job_not_the_persons_skills(runtime: Runtime) -> None:
    who = person()
    pipeline = await runtime.document_pipeline()
    result = await runtime.intake.ingest(Scope("acme", who), "job.txt", JOB.encode(), pipeline)
    assert result.doc_type == "job_description" and result.job_id and result.facts == 0
    assert await facts(runtime, who) == {}
    job = await runtime.jobs.job("acme", result.job_id)
    assert job is not None and job.title == "Backend Engineer"
    assert (job.experience_min, job.experience_max) == (3, 5)
    assert job.location == "Berlin, Germany" and job.work_arrangement == "hybrid"
    assert job.education == "Bachelor's degree"
    required = {s.name: s.required for s in job.skills}
    assert required["Python"] and required["PostgreSQL"] and not required["Kubernetes"]
    assert all(JOB.count(s.text) for s in job.skills)  # each requirement quotes the posting
    assert await runtime.jobs.job("globex", result.job_id) is None


async def test_skills_the_dictionary_misses_are_linked_through_search(runtime: Runtime) -> None:
    who = person()
    cv = "SKILLS\nArchitecting microservices, Python, Stakeholder management\n"
    await ingest(runtime, who, "cv.txt", cv)
    skills = {f.value: f for f in (await facts(runtime, who, "skill")).values()}
    micro = skills["Architecting microservices"]
    assert micro.normalized == "Microservices Architecture" and micro.onet_id
    assert micro.evidence[0].text == "Architecting microservices"  # the CV's words stay
    # No confident match (the nearest is "Administration and Management"): left unlinked.
    stakeholders = skills["Stakeholder management"]
    assert stakeholders.onet_id is None and stakeholders.normalized == "Stakeholder management"


async def test_a_title_several_occupations_share_is_linked_by_meaning(runtime: Runtime) -> None:
    # O*NET gives "Data Analyst" as a title of nine occupations, among them Data Scientists,
    # Business Intelligence Analysts and Survey Researchers (whose sample of reported titles
    # has it, so it used to win).
    who = person()
    cv = "EXPERIENCE\nData Analyst, Acme Corp\nJan 2019 - Dec 2021\nBuilt dashboards in SQL.\n"
    await ingest(runtime, who, "cv.txt", cv)
    role = next(iter((await facts(runtime, who, "role")).values()))
    assert role.value == "Data Analyst" and role.employer == "Acme Corp"
    assert role.onet_id in {"15-2051.00", "15-2051.01"}, (role.onet_id, role.normalized)
