"""Person data through the API: who sees a private fact, who read a profile, tokens that can
be refreshed and revoked, a deleted person's token, and analysts kept to their tenant."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from api.auth import Role, TokenService
from engine import Runtime
from engine.people import Scope

CV = """Sam Privaton
EXPERIENCE
Data Engineer, Privatco
Feb 2017 - Present
Built pipelines in Python and Spark.
SKILLS
Python, Spark, Airflow
"""
FACTS = """query($id: ID!) { person(id: $id) { facts(first: 50) { totalCount
  edges { node { id value visibility } } } } }"""
HIDE = """mutation($id: ID!, $v: Visibility!) { setFactVisibility(id: $id, visibility: $v) {
  value visibility } }"""


async def _person(runtime: Runtime, tenant: str = "acme") -> Scope:
    scope = Scope(tenant, f"priv-{uuid.uuid4().hex[:8]}")
    result = await runtime.intake.ingest(
        scope, "cv.txt", CV.encode(), await runtime.document_pipeline()
    )
    assert result.status == "processed"
    return scope


def _as(client: httpx.AsyncClient, token: str) -> Callable[..., Any]:
    async def run(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {token}"},
        )  # fmt: skip
        return dict(response.json())

    return run


def _values(answer: dict[str, Any]) -> set[str]:
    return {e["node"]["value"] for e in answer["data"]["person"]["facts"]["edges"]}


async def test_a_private_fact_is_seen_by_the_person_and_admins_only(
    client: httpx.AsyncClient, runtime: Runtime, token: Callable[..., str]
) -> None:
    scope = await _person(runtime)
    me = _as(client, token(Role.CANDIDATE, "acme", scope.person))
    recruiter = _as(client, token(Role.RECRUITER, "acme", "rec-1"))
    admin = _as(client, token(Role.ADMIN, "acme", "adm-1"))
    mine = await me(FACTS, {"id": scope.person})
    spark = next(e["node"] for e in mine["data"]["person"]["facts"]["edges"]
                 if e["node"]["value"] == "Spark")  # fmt: skip
    assert spark["visibility"] == "TENANT"
    hidden = await me(HIDE, {"id": spark["id"], "v": "PRIVATE"})
    assert hidden["data"]["setFactVisibility"] == {"value": "Spark", "visibility": "PRIVATE"}
    assert "Spark" in _values(await me(FACTS, {"id": scope.person}))
    assert "Spark" in _values(await admin(FACTS, {"id": scope.person}))
    seen = await recruiter(FACTS, {"id": scope.person})
    assert "Spark" not in _values(seen) and "Python" in _values(seen)
    # a recruiter can neither change it nor un-hide it
    refused = await recruiter(
        "mutation($id: ID!, $p: ID) { deleteFact(id: $id, personId: $p) }",
        {"id": spark["id"], "p": scope.person},
    )
    assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    refused = await recruiter(
        "mutation($id: ID!, $p: ID) { setFactVisibility(id: $id, personId: $p, "
        "visibility: TENANT) { value } }", {"id": spark["id"], "p": scope.person},
    )  # fmt: skip
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_person_sees_who_read_their_profile(
    client: httpx.AsyncClient, runtime: Runtime, token: Callable[..., str]
) -> None:
    scope = await _person(runtime)
    me = _as(client, token(Role.CANDIDATE, "acme", scope.person))
    await me(FACTS, {"id": scope.person})  # one's own reads are not logged
    await _as(client, token(Role.RECRUITER, "acme", "rec-7"))(FACTS, {"id": scope.person})
    await _as(client, token(Role.ADMIN, "acme", "adm-7"))(
        "query($p: ID) { exportPersonData(personId: $p) }", {"p": scope.person}
    )
    log = await me("{ accessLog { subject role action at } }")
    entries = [(e["subject"], e["role"], e["action"]) for e in log["data"]["accessLog"]]
    assert entries == [("adm-7", "admin", "exportPersonData"), ("rec-7", "recruiter", "person")]
    other = await _as(client, token(Role.RECRUITER, "acme", "rec-7"))(
        "query($p: ID) { accessLog(personId: $p) { subject } }", {"p": scope.person}
    )
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_tokens_refresh_once_and_revocation_is_immediate(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime
) -> None:
    tokens: TokenService = app.state.tokens
    pair = await tokens.pair(
        Role.CANDIDATE, "acme", "tok-1", timedelta(minutes=5), timedelta(days=1),
        runtime.revocations,
    )  # fmt: skip
    ask = _as(client, pair.access_token)
    assert "data" in await ask("{ accessLog { subject } }")
    refreshed = await client.post(
        "/api/v1/tokens/refresh", json={"refresh_token": pair.refresh_token}
    )
    assert refreshed.status_code == 200
    fresh = refreshed.json()
    assert fresh["access_token"] != pair.access_token
    assert fresh["expires_in"] == runtime.settings.token_ttl_minutes * 60
    again = await client.post("/api/v1/tokens/refresh", json={"refresh_token": pair.refresh_token})
    assert again.status_code == 401 and "already used" in again.json()["detail"]
    # an access token is not a refresh token, nor the other way round
    wrong = await client.post("/api/v1/tokens/refresh", json={"refresh_token": pair.access_token})
    assert wrong.status_code == 401
    as_bearer = await _as(client, fresh["refresh_token"])("{ accessLog { subject } }")
    assert as_bearer["detail"].startswith("this is a refresh token")
    signed_out = await client.post(
        "/api/v1/tokens/revoke", json={"refresh_token": fresh["refresh_token"]},
        headers={"Authorization": f"Bearer {fresh['access_token']}"},
    )  # fmt: skip
    assert signed_out.status_code == 204
    refused = await _as(client, fresh["access_token"])("{ accessLog { subject } }")
    assert "revoked" in refused["detail"]
    gone = await client.post(
        "/api/v1/tokens/refresh", json={"refresh_token": fresh["refresh_token"]}
    )
    assert gone.status_code == 401
    assert "data" in await ask("{ accessLog { subject } }")  # other tokens still work


async def test_a_deleted_person_is_gone_and_their_token_refused(
    client: httpx.AsyncClient, runtime: Runtime, token: Callable[..., str]
) -> None:
    scope = await _person(runtime)
    me = _as(client, token(Role.CANDIDATE, "acme", scope.person))
    exported = await me("{ exportPersonData }")
    assert {f["value"] for f in exported["data"]["exportPersonData"]["facts"]} >= {"Python"}
    deleted = await me("mutation { deletePerson { requestedBy counts } }")
    record = deleted["data"]["deletePerson"]
    assert record["requestedBy"] == "the person" and record["counts"]["Fact"] >= 3
    refused = await me("{ accessLog { subject } }")
    assert "revoked" in refused["detail"]
    admin = _as(client, token(Role.ADMIN, "acme", "adm-9"))
    assert (await admin(FACTS, {"id": scope.person}))["data"] == {"person": None}


async def test_analysts_query_their_own_tenant_and_operators_all(
    client: httpx.AsyncClient, runtime: Runtime, token: Callable[..., str]
) -> None:
    other = await _person(runtime, tenant=f"other-{uuid.uuid4().hex[:6]}")
    ours = await _person(runtime, tenant="acme")
    query = """query($q: String!) { cypher(query: $q) { rows asOf } }"""
    # the copy is remade for this test's data, as an analyst would after an upload
    analyst = _as(client, token(Role.ANALYST, "acme", "ana-1"))
    assert "data" in await analyst("mutation { refreshAnalytics }")
    tenants = await analyst(query, {"q": "MATCH (p:Person) RETURN DISTINCT p.tenant_id AS t"})
    assert {r["t"] for r in tenants["data"]["cypher"]["rows"]} == {"acme"}
    people = await analyst(query, {"q": "MATCH (p:Person) RETURN p.id AS id"})
    ids = {r["id"] for r in people["data"]["cypher"]["rows"]}
    assert ours.person in ids and other.person not in ids
    facts = await analyst(query, {"q": "MATCH (f:Fact) WHERE f.tenant_id <> 'acme' "
                                       "RETURN count(f) AS n"})  # fmt: skip
    assert facts["data"]["cypher"]["rows"] == [{"n": 0}]
    ontology = await analyst(query, {"q": "MATCH (o:Occupation {code: '15-1252.00'}) "
                                          "RETURN o.title AS t"})  # fmt: skip
    assert ontology["data"]["cypher"]["rows"] == [{"t": "Software Developers"}]
    operator = _as(client, token(Role.OPERATOR, "platform", "op-1"))
    everyone = await operator(query, {"q": "MATCH (p:Person) RETURN p.id AS id"})
    assert other.person in {r["id"] for r in everyone["data"]["cypher"]["rows"]}
