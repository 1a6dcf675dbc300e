"""Matching through GraphQL: a recruiter ranks a job's candidates, a person ranks jobs; tenant
isolation, private facts and bad input."""

import uuid
from collections.abc import Callable
from typing import Any

import httpx

from api.auth import Role
from engine import Runtime
from engine.facts.model import Visibility
from engine.people import Scope

from ..engine.test_matching import CV, JOB, WEAK_CV, _job, _person

CANDIDATES = """query($job: ID!, $first: Int, $after: String, $weights: WeightsInput) {
  matchCandidates(jobId: $job, first: $first, after: $after, weights: $weights) {
    totalCount note pageInfo { hasNextPage endCursor }
    edges { node { personId score percentile seniority explanation
      categories { name weight hadData score evidence { sign text } }
      skills { name required way credit factId factValue
        evidence { documentId page start end text } path { label id name rel } }
      gaps { name required closesIt } } } } }"""
JOBS = """query($person: ID) { matchJobs(personId: $person, first: 5) {
  totalCount note edges { node { jobId score percentile skills { name way } } } } }"""


async def _ask(
    client: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_recruiter_ranks_candidates_and_sees_why(
    client: httpx.AsyncClient, token: Callable[..., str], runtime: Runtime
) -> None:
    tenant = f"m-{uuid.uuid4().hex[:8]}"
    strong = await _person(runtime, tenant, CV.format(name="Jane Roe", pronoun="She"))
    weak = await _person(runtime, tenant, WEAK_CV.format(name="Sam Lee"))
    job = await _job(runtime, tenant, JOB)
    recruiter = token(Role.RECRUITER, tenant, "rec-1")

    body = await _ask(client, recruiter, CANDIDATES, {"job": job, "first": 1})
    page = body["data"]["matchCandidates"]
    assert page["totalCount"] == 2 and page["pageInfo"]["hasNextPage"]
    best = page["edges"][0]["node"]
    assert best["personId"] == strong and best["percentile"] == 100.0
    assert sum(c["weight"] for c in best["categories"]) == 100
    python = next(s for s in best["skills"] if s["name"] == "Python")
    assert python["way"] == "SAME_NODE" and python["evidence"][0]["text"]
    assert [p["label"] for p in python["path"]] == ["Person", "Fact", "Technology", "Job"]
    after = page["pageInfo"]["endCursor"]
    rest = await _ask(client, recruiter, CANDIDATES, {"job": job, "first": 1, "after": after})
    assert [e["node"]["personId"] for e in rest["data"]["matchCandidates"]["edges"]] == [weak]

    # the person learns that a recruiter looked at them
    entries = await runtime.access.entries(Scope(tenant, strong), 10)
    assert any(e.action == "matchCandidates" and e.subject == "rec-1" for e in entries)

    # a person ranks the tenant's jobs for themselves
    me = token(Role.CANDIDATE, tenant, strong)
    mine = (await _ask(client, me, JOBS, {}))["data"]["matchJobs"]
    assert [e["node"]["jobId"] for e in mine["edges"]] == [job]
    assert mine["edges"][0]["node"]["percentile"] == 100.0


async def test_other_tenants_and_private_facts_stay_out_of_matches(
    client: httpx.AsyncClient, token: Callable[..., str], runtime: Runtime
) -> None:
    tenant, other = f"m-{uuid.uuid4().hex[:8]}", f"m-{uuid.uuid4().hex[:8]}"
    person = await _person(runtime, tenant, CV.format(name="Jane Roe", pronoun="She"))
    await _person(runtime, other, CV.format(name="Ann Other", pronoun="She"))
    job = await _job(runtime, tenant, JOB)

    # a recruiter of another tenant cannot reach the job, nor its candidates
    outsider = token(Role.RECRUITER, other, "rec-2")
    body = await _ask(client, outsider, CANDIDATES, {"job": job})
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # a candidate cannot rank other people
    body = await _ask(client, token(Role.CANDIDATE, tenant, person), CANDIDATES, {"job": job})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # nor rank jobs for someone else
    body = await _ask(client, token(Role.CANDIDATE, tenant, "someone"), JOBS, {"person": person})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # the person makes their Python fact private: it no longer counts for a recruiter, and no
    # explanation shows it; it still counts when they rank jobs for themselves
    scope = Scope(tenant, person)
    facts = await runtime.facts.facts(scope, "skill", 50, 0, private=True)
    python = next(f for f in facts.items if f.value == "Python")
    await runtime.facts.set_visibility(scope, python.id, person, Visibility.PRIVATE)
    recruiter = token(Role.RECRUITER, tenant, "rec-1")
    body = await _ask(client, recruiter, CANDIDATES, {"job": job})
    # the same CV in another tenant is never a candidate here, nor counted in percentiles
    assert body["data"]["matchCandidates"]["totalCount"] == 1
    node = body["data"]["matchCandidates"]["edges"][0]["node"]
    assert node["personId"] == person and node["percentile"] is None
    assert python.id not in str(node) and "Python" in {g["name"] for g in node["gaps"]}
    mine = (await _ask(client, token(Role.CANDIDATE, tenant, person), JOBS, {}))["data"]
    ways = {s["name"]: s["way"] for s in mine["matchJobs"]["edges"][0]["node"]["skills"]}
    assert ways["Python"] == "SAME_NODE"


async def test_bad_match_requests_get_clear_errors(
    client: httpx.AsyncClient, token: Callable[..., str], runtime: Runtime
) -> None:
    tenant = f"m-{uuid.uuid4().hex[:8]}"
    recruiter = token(Role.RECRUITER, tenant, "rec-1")
    job = await _job(runtime, tenant, JOB)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"job": "no-such-job"}, "NOT_FOUND"),
        ({"job": job, "first": 0}, "BAD_INPUT"),
        ({"job": job, "first": 1_000_000}, "BAD_INPUT"),
        ({"job": job, "after": "not-a-cursor"}, "BAD_CURSOR"),
        ({"job": job, "weights": {"requiredSkills": 90, "preferredSkills": 20}}, "BAD_INPUT"),
    ]
    for variables, code in cases:
        body = await _ask(client, recruiter, CANDIDATES, variables)
        error = body["errors"][0]
        assert error["extensions"]["code"] == code, (variables, error)
        assert error["message"]
    weights = await _ask(
        client, recruiter, CANDIDATES,
        {"job": job, "weights": {"requiredSkills": 90, "preferredSkills": 20}},
    )  # fmt: skip
    assert "sum to 100" in weights["errors"][0]["message"]
    # a job with no linked requirement, and a person with no facts: empty, with a reason
    empty = await _job(runtime, tenant, "Office Helper\\nWe need a cheerful helper. Apply now.\\n")
    body = await _ask(client, recruiter, CANDIDATES, {"job": empty})
    assert body["data"]["matchCandidates"]["edges"] == []
    assert "no skill" in body["data"]["matchCandidates"]["note"]
    nobody = token(Role.CANDIDATE, tenant, "fresh-person")
    body = await _ask(client, nobody, JOBS, {})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


CREATE = """mutation($text: String!) { createJob(text: $text) { id title seniority
  skills { name required } quality { score flags { code quote suggestion } suggestions } } }"""


async def test_a_recruiter_creates_a_job_from_text_and_gets_its_quality(
    client: httpx.AsyncClient, token: Callable[..., str], runtime: Runtime
) -> None:
    tenant = f"m-{uuid.uuid4().hex[:8]}"
    recruiter = token(Role.RECRUITER, tenant, "rec-1")
    text = JOB + "We want a young rockstar.\n"
    body = await _ask(client, recruiter, CREATE, {"text": text})
    job = body["data"]["createJob"]
    assert job["seniority"] == "senior"
    assert {"Python", "PostgreSQL"} <= {s["name"] for s in job["skills"] if s["required"]}
    flags = {f["code"]: f for f in job["quality"]["flags"]}
    assert {"no_salary", "age_coded_wording", "gendered_wording"} <= set(flags)
    assert flags["age_coded_wording"]["quote"] == "young"
    assert 0 <= job["quality"]["score"] < 100
    again = await _ask(client, recruiter, CREATE, {"text": text})
    assert again["data"]["createJob"]["id"] == job["id"]
    # the new job is matched at once
    person = await _person(runtime, tenant, CV.format(name="Jane Roe", pronoun="She"))
    ranked = await _ask(client, recruiter, CANDIDATES, {"job": job["id"]})
    assert [e["node"]["personId"] for e in ranked["data"]["matchCandidates"]["edges"]] == [person]
    # candidates do not post jobs; a huge text is refused with a reason
    refused = await _ask(client, token(Role.CANDIDATE, tenant, person), CREATE, {"text": text})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    huge = await client.post(
        "/graphql", json={"query": CREATE, "variables": {"text": "Python developer. " * 60_000}},
        headers={"Authorization": f"Bearer {recruiter}"},
    )  # fmt: skip
    assert huge.status_code == 413 and huge.json()["detail"]["code"] == "too_large"
    long = await _ask(client, recruiter, CREATE, {"text": "Python developer. " * 3000})
    assert long["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    assert "20,000" in long["errors"][0]["message"] or "20000" in long["errors"][0]["message"]


INSIGHTS = """query($person: ID, $goal: String) { insights(personId: $person, goal: $goal) {
  personId occupations note hiddenStrengths { name score reason impliedBy { value text } }
  careerPaths { score target { code title move overlap skillsToGain } steps { code } }
  transfer { code similarity gaps ready } recommendations { name jobsImproved averageGain } } }"""


async def test_a_person_reads_their_insights_and_a_stranger_cannot(
    client: httpx.AsyncClient, token: Callable[..., str], runtime: Runtime
) -> None:
    tenant = f"m-{uuid.uuid4().hex[:8]}"
    person = await _person(runtime, tenant, WEAK_CV.format(name="Sam Lee"))
    await _job(runtime, tenant, JOB)
    me = token(Role.CANDIDATE, tenant, person)
    body = await _ask(client, me, INSIGHTS, {"goal": "Database Administrators"})
    found = body["data"]["insights"]
    assert found["personId"] == person and found["occupations"]
    assert found["hiddenStrengths"] and found["hiddenStrengths"][0]["impliedBy"][0]["value"]
    assert found["careerPaths"] and found["transfer"]["code"] == "15-1242.00"
    assert {"PostgreSQL", "Docker"} & {r["name"] for r in found["recommendations"]}
    stranger = token(Role.CANDIDATE, tenant, "someone-else")
    refused = await _ask(client, stranger, INSIGHTS, {"person": person})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    unknown = await _ask(client, me, INSIGHTS, {"goal": "99-9999.99"})
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"


SKILL_GRAPH = """query($skill: String!, $depth: Int) { skillGraph(skill: $skill, depth: $depth) {
  skill { id name label } nodes { id label name } edges { source target rel }
  holders { personId value evidence { text } } } }"""
SEARCH = """query($skills: [String!]!, $mode: SkillMode, $expand: Boolean) {
  searchCandidates(skills: $skills, mode: $mode, expand: $expand) { totalCount
    edges { node { personId matched score skills { asked way value evidence { text } } } } } }"""


async def test_a_recruiter_explores_a_skill_and_searches_people(
    client: httpx.AsyncClient, token: Callable[..., str], runtime: Runtime
) -> None:
    tenant, other = f"m-{uuid.uuid4().hex[:8]}", f"m-{uuid.uuid4().hex[:8]}"
    strong = await _person(runtime, tenant, CV.format(name="Jane Roe", pronoun="She"))
    weak = await _person(runtime, tenant, WEAK_CV.format(name="Sam Lee"))
    await _person(runtime, other, CV.format(name="Ann Other", pronoun="She"))
    recruiter = token(Role.RECRUITER, tenant, "rec-1")
    graph = (await _ask(client, recruiter, SKILL_GRAPH, {"skill": "PostgreSQL"}))["data"]
    found = graph["skillGraph"]
    assert found["skill"]["name"] == "PostgreSQL"
    labels = {n["label"] for n in found["nodes"]}
    assert {"Technology", "TechnologyCategory", "Occupation"} <= labels
    assert {h["personId"] for h in found["holders"]} == {strong}  # not the other tenant's
    assert found["holders"][0]["evidence"][0]["text"]
    deeper = await _ask(client, recruiter, SKILL_GRAPH, {"skill": "PostgreSQL", "depth": 2})
    assert len(deeper["data"]["skillGraph"]["nodes"]) >= len(found["nodes"])
    # a candidate sees the ontology, never other people
    mine = await _ask(client, token(Role.CANDIDATE, tenant, weak), SKILL_GRAPH,
                      {"skill": "PostgreSQL"})  # fmt: skip
    assert mine["data"]["skillGraph"]["holders"] == []

    both = await _ask(client, recruiter, SEARCH, {"skills": ["Python", "PostgreSQL"]})
    hits = both["data"]["searchCandidates"]
    assert [e["node"]["personId"] for e in hits["edges"]] == [strong]
    anyone = await _ask(client, recruiter, SEARCH,
                        {"skills": ["Python", "PostgreSQL"], "mode": "ANY"})  # fmt: skip
    ranked = [e["node"]["personId"] for e in anyone["data"]["searchCandidates"]["edges"]]
    assert ranked == [strong, weak]
    # expansion: MySQL stands in for a commodity sibling when asked
    expanded = await _ask(client, recruiter, SEARCH, {"skills": ["MySQL"], "expand": True})
    people = {e["node"]["personId"] for e in expanded["data"]["searchCandidates"]["edges"]}
    assert weak in people
    bad = await _ask(client, recruiter, SEARCH, {"skills": []})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    depth = await _ask(client, recruiter, SKILL_GRAPH, {"skill": "Python", "depth": 7})
    assert depth["errors"][0]["extensions"]["code"] == "BAD_INPUT"
