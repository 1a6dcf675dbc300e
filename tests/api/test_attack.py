"""The attack suite, generated from the schema: every root field (query, mutation,
subscription) that takes an id or reaches person data is tried with every role, using ids of
another tenant, of another candidate of the same tenant, and random ids. No answer may carry
the victims' data, and "another tenant's id" must be answered exactly like "a random id".

A field added to the schema without an entry in COVERAGE (or in NOT_PERSON_DATA) fails
`test_every_field_is_covered`.
"""

import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType

import conversation
from api.auth import Principal, Role
from api.graphql import schema
from api.graphql.context import Context
from engine import Runtime
from engine.facts import FactBase, FactKind, FactWrite, TurnEvidence, Visibility
from engine.facts.model import EvidenceKind
from engine.people import Scope

VICTIM_CV = """Vera Zorblax
EXPERIENCE
Principal Quuxologist, Zorblaxian Industries
Jan 2018 - Present
Built Python and PostgreSQL services for Zorblaxian clients.
SKILLS
Python, Kubernetes, Quuxology
"""
VICTIM_JD = """Job Title: Zorblaxian Platform Engineer
Location: Zorbville
Requirements
5 years of Python and Kubernetes.
"""
PEER_CV = """Florbin Peerson
EXPERIENCE
Data Florbinator, Florbinco
Mar 2016 - Present
Analysed data with SQL and Tableau.
SKILLS
SQL, Tableau
"""
PRIVATE_MARKER = "Glorptastic"  # a fact each victim made private
VICTIM_MARKERS = ("Zorblax", "Quuxolog", "Zorbville", PRIVATE_MARKER)
PEER_MARKERS = ("Florbin", PRIVATE_MARKER)
ROLES = list(Role)

PERSON = """{ id facts(first: 50) { totalCount edges { node { id value employer
  evidence { document text } related { value } edits { action } } } }
  factHistory(factId: $fact) { before after } documents { id filename facts { totalCount } } }"""
DOCUMENT = "{ id filename personId status facts(first: 50) { edges { node { value } } } }"
FACT = "{ id value employer visibility evidence { text } }"


@dataclass(frozen=True)
class Case:
    kind: str  # query, mutation, subscription, upload
    text: str
    variables: Callable[[dict[str, str]], dict[str, Any]]


# Every root field that takes an id or reaches person data, and how to attack it.
COVERAGE: dict[str, Case] = {
    "person": Case(
        "query",
        f"query($person: ID!, $fact: ID!) {{ person(id: $person) {PERSON} }}",
        lambda t: {"person": t["person"], "fact": t["fact"]},
    ),
    "document": Case(
        "query",
        f"query($id: ID!) {{ document(id: $id) {DOCUMENT} }}",
        lambda t: {"id": t["document"]},
    ),
    "job": Case(
        "query",
        "query($id: ID!) { job(id: $id) { id title location personId skills { name text } } }",
        lambda t: {"id": t["job"]},
    ),
    "matchJobs": Case(
        "query",
        "query($p: ID) { matchJobs(personId: $p) { totalCount note edges { node { jobId score "
        "explanation skills { factValue evidence { text } } gaps { name } } } } }",
        lambda t: {"p": t["person"]},
    ),
    "matchCandidates": Case(
        "query",
        "query($id: ID!) { matchCandidates(jobId: $id) { totalCount note edges { node { "
        "personId score percentile explanation skills { factValue evidence { text } } } } } }",
        lambda t: {"id": t["job"]},
    ),
    "insights": Case(
        "query",
        'query($p: ID) { insights(personId: $p, goal: "15-1242.00") { personId occupations '
        "hiddenStrengths { name reason impliedBy { value text } } careerPaths { target { title } }"
        " transfer { covered gaps } recommendations { name } } }",
        lambda t: {"p": t["person"]},
    ),
    "skillGraph": Case(
        "query",
        'query { skillGraph(skill: "Python", depth: 2) { skill { id } nodes { name } '
        "holders { personId value evidence { text } } } }",
        lambda t: {},
    ),
    "searchCandidates": Case(
        "query",
        'query { searchCandidates(skills: ["Python", "SQL"], mode: ANY, expand: true) { '
        "totalCount edges { node { personId skills { value evidence { text } } } } } }",
        lambda t: {},
    ),
    "createJob": Case(
        "mutation",
        'mutation { createJob(text: "Data Engineer\\nRequirements: Python, SQL.") { id title '
        "personId skills { name text } } }",
        lambda t: {},
    ),
    # before uploadDocument: an admin's upload for a person id creates that person
    "startInterview": Case(
        "mutation",
        'mutation($p: ID) { startInterview(goal: "15-1252.00", personId: $p) { sessionId '
        "message question { text choices } learned { value quote } } }",
        lambda t: {"p": t["person"]},
    ),
    "answer": Case(
        "mutation",
        'mutation($s: ID!) { answer(sessionId: $s, text: "Docker, two years") { sessionId '
        "message learned { value quote } progress { questions } } }",
        lambda t: {"s": t["session"]},
    ),
    "setInterviewGoal": Case(
        "mutation",
        'mutation($s: ID!) { setInterviewGoal(sessionId: $s, goal: "15-2051.00") { message '
        "question { text } } }",
        lambda t: {"s": t["session"]},
    ),
    "endInterview": Case(
        "mutation",
        "mutation($s: ID!) { endInterview(sessionId: $s) { message summary learned { value } } }",
        lambda t: {"s": t["session"]},
    ),
    "interviewSession": Case(
        "query",
        "query($s: ID!) { interviewSession(id: $s) { id personId goal { title } "
        "turns { answer facts { value quote } } } }",
        lambda t: {"s": t["session"]},
    ),
    "interviewReply": Case(
        "subscription",
        'subscription($s: ID!) { interviewReply(sessionId: $s, text: "Docker") { text '
        "reply { message learned { value } } } }",
        lambda t: {"s": t["session"]},
    ),
    "exportPersonData": Case(
        "query", "query($p: ID) { exportPersonData(personId: $p) }", lambda t: {"p": t["person"]}
    ),
    "accessLog": Case(
        "query",
        "query($p: ID) { accessLog(personId: $p) { subject action } }",
        lambda t: {"p": t["person"]},
    ),
    "updateFact": Case(
        "mutation",
        "mutation($id: ID!, $p: ID) { updateFact(id: $id, personId: "
        f'$p, change: {{employer: "Mallory Inc"}}) {FACT} }}',
        lambda t: {"id": t["fact"], "p": t["person"]},
    ),
    "confirmFact": Case(
        "mutation",
        f"mutation($id: ID!, $p: ID) {{ confirmFact(id: $id, personId: $p) {FACT} }}",
        lambda t: {"id": t["fact"], "p": t["person"]},
    ),
    "deleteFact": Case(
        "mutation",
        "mutation($id: ID!, $p: ID) { deleteFact(id: $id, personId: $p) }",
        lambda t: {"id": t["fact"], "p": t["person"]},
    ),
    "setFactVisibility": Case(
        "mutation",
        "mutation($id: ID!, $p: ID) { setFactVisibility("
        f"id: $id, personId: $p, visibility: TENANT) {FACT} }}",
        lambda t: {"id": t["fact"], "p": t["person"]},
    ),
    "setDocumentType": Case(
        "mutation",
        "mutation($id: ID!) { setDocumentType(id: $id, docType: OTHER) { id filename docType } }",
        lambda t: {"id": t["document"]},
    ),
    "deleteDocument": Case(
        "mutation",
        "mutation($id: ID!) { deleteDocument(id: $id) { factsDeleted factsUpdated jobsDeleted } }",
        lambda t: {"id": t["document"]},
    ),
    "deletePerson": Case(
        "mutation",
        "mutation($p: ID) { deletePerson(personId: $p) { requestedBy counts } }",
        lambda t: {"p": t["person"]},
    ),
    "uploadDocument": Case(
        "upload",
        "mutation($file: Upload!, $p: ID) { uploadDocument(file: $file, personId: $p) { status } }",
        lambda t: {"p": t["person"]},
    ),
    "documentProgress": Case(
        "subscription",
        "subscription($id: ID!) { documentProgress(id: $id) { id filename status } }",
        lambda t: {"id": t["document"]},
    ),
}
# Root fields that read no person data (the ontology), or whose isolation is tested on its
# own (analyst Cypher: tests/api/test_privacy_api.py).
NOT_PERSON_DATA = {"skills", "occupations", "occupation", "ontology", "cypher", "refreshAnalytics"}
_PERSON_TYPES = {"Person", "Document", "Job", "Fact", "FactHistoryEntry", "AccessEntry",
                 "DocumentDeletion", "PersonDeletion", "UploadResult", "InterviewReply",
                 "InterviewSession", "ReplyChunk"}  # fmt: skip


def _root_fields() -> dict[str, Any]:
    graphql_schema = schema._schema
    fields: dict[str, Any] = {}
    for root in (graphql_schema.query_type, graphql_schema.mutation_type,
                 graphql_schema.subscription_type):  # fmt: skip
        assert root is not None
        fields.update(root.fields)
    return fields


def _named(type_: Any) -> Any:
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


def _reaches_person_data(field: Any) -> bool:
    takes_id = any(_named(a.type).name == "ID" for a in field.args.values())
    returned = _named(field.type)
    return takes_id or (isinstance(returned, GraphQLObjectType) and returned.name in _PERSON_TYPES)


def test_every_field_is_covered() -> None:
    fields = _root_fields()
    missing = [
        name for name, field in fields.items()
        if name not in COVERAGE and (name not in NOT_PERSON_DATA or False)
        and _reaches_person_data(field)
    ]  # fmt: skip
    assert not missing, f"add these fields to the attack suite's COVERAGE: {missing}"
    unknown = [name for name in fields if name not in COVERAGE and name not in NOT_PERSON_DATA]
    assert not unknown, f"say whether these fields reach person data: {unknown}"
    assert set(COVERAGE) <= set(fields), "COVERAGE names a field the schema no longer has"


async def _ingest(runtime: Runtime, scope: Scope, name: str, text: str) -> str:
    pipeline = await runtime.document_pipeline()
    result = await runtime.intake.ingest(scope, name, text.encode(), pipeline)
    assert result.status == "processed"
    return result.document_id


@pytest.fixture
async def victims(runtime: Runtime) -> dict[str, dict[str, str]]:
    """The victim (another tenant) and a peer candidate of the attacker's own tenant."""
    tag = uuid.uuid4().hex[:6]
    victim = Scope(f"victim-co-{tag}", f"v-{tag}")
    peer = Scope("acme", f"peer-{tag}")
    targets: dict[str, dict[str, str]] = {}
    for key, scope, cv in (("other_tenant", victim, VICTIM_CV), ("other_candidate", peer, PEER_CV)):
        document = await _ingest(runtime, scope, f"{key}-secret.txt", cv)
        [private] = await runtime.facts.record_turn(scope, f"s-{key}-{tag}", [FactWrite(
            identity="text:glorptastic",
            fact=FactBase(kind=FactKind.SKILL, value=PRIVATE_MARKER, confidence=0.99),
            evidence=TurnEvidence(kind=EvidenceKind.CONVERSATION, extractor="test",
                                  extractor_version="1", turn=1, text=f"I know {PRIVATE_MARKER}"),
        )])  # fmt: skip
        await runtime.facts.set_visibility(scope, private, scope.person, Visibility.PRIVATE)
        job = await runtime.intake.ingest(
            scope, "jd.txt", (VICTIM_JD if key == "other_tenant" else PEER_CV + "\n").encode(),
            await runtime.document_pipeline(),
        )  # fmt: skip
        agent = conversation.interviewer(runtime)
        session = (await agent.start(scope, "15-1252.00")).session_id
        await agent.answer(scope.tenant, session, f"I know {PRIVATE_MARKER} well")
        targets[key] = {
            "person": scope.person, "document": document, "fact": private,
            "job": job.job_id or document, "tenant": scope.tenant, "session": session,
        }  # fmt: skip
    targets["random"] = {name: str(uuid.uuid4()) for name in ("document", "fact", "job")}
    targets["random"]["session"] = uuid.uuid4().hex
    targets["random"]["person"] = f"nobody-{uuid.uuid4().hex[:8]}"
    return targets


async def _ask(
    client: httpx.AsyncClient, runtime: Runtime, token: str, principal: Principal,
    case: Case, variables: dict[str, Any],
) -> Any:  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    if case.kind == "subscription":
        stream = await schema.subscribe(
            case.text, variable_values=variables, context_value=Context(runtime, principal)
        )
        if hasattr(stream, "__aiter__"):
            return [_result(r) async for r in stream]  # type: ignore[union-attr]
        return _result(stream)
    if case.kind == "upload":
        operations = {"query": case.text, "variables": {**variables, "file": None}}
        response = await client.post(
            "/graphql", headers=headers, files={"0": ("note.txt", b"SKILLS\nCOBOL\n")},
            data={"operations": json.dumps(operations),
                  "map": json.dumps({"0": ["variables.file"]})},
        )  # fmt: skip
    else:
        body = {"query": case.text, "variables": variables}
        response = await client.post("/graphql", json=body, headers=headers)
    return {"status": response.status_code, "body": response.json()}


def _result(result: Any) -> dict[str, Any]:
    return {"data": result.data, "errors": [e.formatted for e in result.errors or []]}


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _normal(answer: Any, used: dict[str, str]) -> str:
    text = json.dumps(answer, sort_keys=True)
    for name, value in used.items():
        text = text.replace(value, f"<{name}>")
    return _UUID.sub("<uuid>", text)


def _leaks(
    answer: Any, markers: tuple[str, ...], ids: dict[str, str], used: dict[str, Any]
) -> list[str]:
    text = json.dumps(answer)
    found = [m for m in markers if m.lower() in text.lower()]
    sent = set(used.values())
    found += [f"{k}={v}" for k, v in ids.items() if k != "tenant" and v not in sent and v in text]
    return found


async def test_no_field_leaks_another_tenant_or_candidate(
    client: httpx.AsyncClient, runtime: Runtime, token: Callable[..., str],
    victims: dict[str, dict[str, str]],
) -> None:  # fmt: skip
    attempts = 0
    for name, case in COVERAGE.items():
        for role in ROLES:
            subject = f"attacker-{role.value}"
            answers: dict[str, Any] = {}
            for target in ("other_tenant", "random", "other_candidate"):
                if target == "other_candidate" and role is not Role.CANDIDATE:
                    continue  # staff of the tenant may read its candidates: not an attack
                ids = victims[target]
                used = case.variables(ids)
                principal = Principal(subject=subject, tenant="acme", role=role)
                answer = await _ask(client, runtime, token(role, "acme", subject), principal,
                                    case, used)  # fmt: skip
                attempts += 1
                markers = VICTIM_MARKERS if target == "other_tenant" else PEER_MARKERS
                if target != "random":
                    leaked = _leaks(answer, markers, ids, used)
                    assert not leaked, f"{name} as {role.value} with {target} ids leaks {leaked}"
                answers[target] = _normal(answer, {k: v for k, v in used.items() if v})
            assert answers["other_tenant"] == answers["random"], (
                f"{name} as {role.value} answers another tenant's ids differently from random "
                f"ones:\n{answers['other_tenant']}\n{answers['random']}"
            )
            if "other_candidate" in answers:
                assert answers["other_candidate"] == answers["random"], (
                    f"{name} as a candidate answers another candidate's ids differently"
                )
            if role in (Role.RECRUITER, Role.ANALYST) and case.kind in ("query", "subscription"):
                # staff of the tenant read its candidates, but not what one made private
                ids = victims["other_candidate"]
                answer = await _ask(client, runtime, token(role, "acme", subject),
                                    Principal(subject=subject, tenant="acme", role=role),
                                    case, case.variables(ids))  # fmt: skip
                attempts += 1
                assert PRIVATE_MARKER not in json.dumps(answer), f"{name} as {role.value}"
    # the victims' data is untouched by everything above
    for target, markers in (("other_tenant", VICTIM_MARKERS), ("other_candidate", PEER_MARKERS)):
        ids = victims[target]
        scope = Scope(ids["tenant"], ids["person"])
        assert await runtime.people.exists(scope)
        facts = await runtime.facts.facts(scope, None, 50, 0, private=True)
        assert any(markers[0] in (f.value + str(f.employer)) for f in facts.items)
        assert any(f.value == PRIVATE_MARKER for f in facts.items)
        assert not any("Mallory" in str(f.employer) for f in facts.items)
        assert len(await runtime.uploads.documents(scope)) == 2
    print(f"\nattack suite: {attempts} attempts over {len(COVERAGE)} fields and {len(ROLES)} roles")
    assert attempts >= len(COVERAGE) * len(ROLES) * 2
