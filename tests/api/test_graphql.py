"""The GraphQL API as a frontend uses it."""

from collections.abc import Callable
from typing import Any

import httpx

from api.auth import Role
from engine import Runtime
from engine.audit import AUDIT_STREAM
from engine.people import Scope

Gql = Callable[..., Any]


async def test_skills_search_resolves_what_people_write(gql: Gql) -> None:
    query = "query($q: String!) { skills(search: $q, first: 3) { id name kind score matched } }"
    for text, expected in (
        ("ReactJS", "React"),
        ("k8s", "Kubernetes"),
        ("MS Excel", "Microsoft Excel"),
    ):
        response = await gql(query, {"q": text})
        assert response.status_code == 200
        hits = response.json()["data"]["skills"]
        assert hits[0]["name"] == expected and hits[0]["kind"] == "technology"
        assert len(hits) == 3


async def test_occupations_search(gql: Gql) -> None:
    response = await gql('{ occupations(search: "software dev", first: 2) { code title score } }')
    hits = response.json()["data"]["occupations"]
    assert hits[0] == {
        "code": "15-1252.00",
        "title": "Software Developers",
        "score": hits[0]["score"],
    }
    assert len(hits) == 2


async def test_occupation_with_requirements_and_pagination(gql: Gql) -> None:
    query = """
    query($code: ID!, $after: String) {
      occupation(code: $code) {
        code title
        skills(first: 3) { totalCount edges { node { name importance level } } }
        knowledge(first: 2) { totalCount }
        technologies(first: 5, after: $after, hot: true) {
          totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name hot inDemand } }
        }
        relatedOccupations(first: 3) { edges { node { code tier rank } } }
        titles(first: 2) { totalCount edges { node { name } } }
        jobZone { zone name }
      }
    }"""
    first = (await gql(query, {"code": "15-1254.00"})).json()["data"]["occupation"]
    assert first["title"] == "Web Developers"
    assert first["skills"]["totalCount"] > 3 and len(first["skills"]["edges"]) == 3
    assert first["jobZone"]["zone"] in (3, 4)
    tech = first["technologies"]
    assert all(e["node"]["hot"] for e in tech["edges"])
    assert tech["pageInfo"]["hasNextPage"] is (tech["totalCount"] > 5)
    second = await gql(query, {"code": "15-1254.00", "after": tech["pageInfo"]["endCursor"]})
    page_two = second.json()["data"]["occupation"]["technologies"]["edges"]
    seen = {e["node"]["name"] for e in tech["edges"]}
    assert page_two and not seen & {e["node"]["name"] for e in page_two}
    ranks = [e["node"]["rank"] for e in first["relatedOccupations"]["edges"]]
    assert ranks == [1, 2, 3]


async def test_unknown_occupation_is_null(gql: Gql) -> None:
    response = await gql('{ occupation(code: "99-9999.99") { title } }')
    assert response.json() == {"data": {"occupation": None}}


async def test_bad_cursor_and_page_size_say_what_to_do(gql: Gql) -> None:
    response = await gql(
        '{ occupation(code: "15-1254.00") { titles(first: 2, after: "bogus") { totalCount } } }'
    )
    error = response.json()["errors"][0]
    assert (
        error["extensions"]["code"] == "BAD_CURSOR" and "endCursor" in error["extensions"]["hint"]
    )
    response = await gql('{ skills(search: "java", first: 5000) { name } }')
    assert "between 1 and 50" in response.json()["errors"][0]["message"]


async def test_ontology_reports_version_and_counts(gql: Gql) -> None:
    data = (await gql("{ ontology { version status counts { label count } } }")).json()["data"]
    assert data["ontology"]["version"] == "29.2" and data["ontology"]["status"] == "complete"
    counts = {c["label"]: c["count"] for c in data["ontology"]["counts"]}
    assert counts["Occupation"] == 1016


async def test_hostile_search_strings_are_answered(gql: Gql) -> None:
    query = "query($q: String!) { skills(search: $q) { name } occupations(search: $q) { code } }"
    for text in ("'}) MATCH (n) DETACH DELETE n //", "CALL db.labels()", "x" * 256):
        response = await gql(query, {"q": text})
        assert response.status_code == 200 and "errors" not in response.json()
    too_long = (await gql(query, {"q": "x" * 10_000})).json()
    assert too_long["data"] is None
    assert {e["extensions"]["code"] for e in too_long["errors"]} == {"BAD_INPUT"}
    assert "the limit is 256" in too_long["errors"][0]["message"]
    count = (await gql("{ ontology { counts { label count } } }")).json()["data"]
    assert {c["label"]: c["count"] for c in count["ontology"]["counts"]}["Occupation"] == 1016


async def test_deeply_nested_or_huge_queries_are_rejected(gql: Gql) -> None:
    aliases = " ".join(f"a{i}: ontology {{ version }}" for i in range(40))
    response = await gql(f"{{ {aliases} }}")
    assert response.status_code == 200
    assert "aliases" in response.json()["errors"][0]["message"].lower()


async def test_missing_token_is_a_clear_error(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ ontology { version } }"})
    error = response.json()["errors"][0]
    assert "authentication required" in error["message"]


async def test_malformed_expired_and_foreign_tokens_are_401(
    client: httpx.AsyncClient, app: Any
) -> None:
    from datetime import timedelta

    from api.auth import TokenService

    expired = app.state.tokens.mint(Role.CANDIDATE, "acme", "u", timedelta(seconds=-5))
    foreign = TokenService("another-secret-" * 4, "careergraph").mint(
        Role.ADMIN, "acme", "u", timedelta(minutes=5)
    )
    cases = {
        "Bearer not.a.jwt": "malformed",
        f"Bearer {expired}": "expired",
        f"Bearer {foreign}": "signature",
        "Basic dXNlcjpwYXNz": "Bearer <token>",
    }
    for header, says in cases.items():
        response = await client.post(
            "/graphql",
            json={"query": "{ ontology { version } }"},
            headers={"Authorization": header},
        )
        assert response.status_code == 401, header
        assert says in response.json()["detail"]
        assert response.headers["www-authenticate"].startswith("Bearer")


async def test_analyst_cypher_is_read_only_capped_and_audited(gql: Gql, runtime: Runtime) -> None:
    query = (
        "query($q: String!, $p: JSON) { cypher(query: $q, params: $p) { columns rows truncated } }"
    )
    before = await runtime.redis.xlen(AUDIT_STREAM)
    ok = await gql(
        query,
        {
            "q": "MATCH (o:Occupation {code: $code}) RETURN o.title AS title",
            "p": {"code": "15-1252.00"},
        },
        role=Role.ANALYST,
    )
    assert ok.json()["data"]["cypher"] == {
        "columns": ["title"],
        "rows": [{"title": "Software Developers"}],
        "truncated": False,
    }
    refused = await gql(query, {"q": "MATCH (o:Occupation) DETACH DELETE o"}, role=Role.ANALYST)
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "WRITE_REFUSED"
    assert (await runtime.ontology.occupation("15-1252.00")) is not None
    capped = await gql(query, {"q": "MATCH (t:Title) RETURN t.name AS name"}, role=Role.ANALYST)
    result = capped.json()["data"]["cypher"]
    assert result["truncated"] is True and len(result["rows"]) == runtime.settings.cypher_max_rows
    assert await runtime.redis.xlen(AUDIT_STREAM) == before + 3
    last = (await runtime.redis.xrevrange(AUDIT_STREAM, count=2))[1][1]
    assert last["action"] == "cypher" and last["role"] == "analyst" and "refused" in last["detail"]


async def test_cypher_needs_the_analyst_role(gql: Gql) -> None:
    response = await gql('{ cypher(query: "RETURN 1 AS one") { rows } }', role=Role.CANDIDATE)
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN" and "analyst" in error["message"]


async def test_person_facts_with_evidence_scoped_by_tenant_and_role(
    gql: Gql, runtime: Runtime, token: Callable[..., str], client: httpx.AsyncClient
) -> None:
    from pathlib import Path

    cv = Path(__file__).parents[1] / "data" / "documents" / "resumes" / "john_doe.pdf"
    pipeline = await runtime.document_pipeline()
    await runtime.intake.ingest(Scope("acme", "cand-7"), "cv.pdf", cv.read_bytes(), pipeline)
    query = """query($id: ID!) { person(id: $id) {
        documents { docType filename }
        facts(kind: "skill", first: 3) { totalCount edges { node {
          normalized onetId confidence evidence { page start end text extractor } } } } } }"""
    data = (await gql(query, {"id": "cand-7"}, role=Role.RECRUITER)).json()["data"]["person"]
    assert data["documents"] == [{"docType": "resume", "filename": "cv.pdf"}]
    facts = data["facts"]
    assert facts["totalCount"] > 10 and len(facts["edges"]) == 3
    evidence = facts["edges"][0]["node"]["evidence"][0]
    assert evidence["extractor"] == "careergraph.extractor" and evidence["text"]

    async def as_(role: Role, tenant: str, subject: str) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token(role, tenant, subject)}"}
        body = {"query": query, "variables": {"id": "cand-7"}}
        return (await client.post("/graphql", json=body, headers=headers)).json()

    assert (await as_(Role.CANDIDATE, "acme", "cand-7"))["data"]["person"]["facts"]["totalCount"]
    other = await as_(Role.CANDIDATE, "acme", "someone-else")
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await as_(Role.RECRUITER, "globex", "r-2"))["data"] == {"person": None}
