"""Health, metrics, GraphiQL and rate limits."""

from collections.abc import Callable

import httpx

from api import create_app
from engine import Runtime, Settings


async def test_health_checks_graph_redis_and_ontology(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["graph"] == {"status": "ok", "backend": "falkordb-embedded", "restarts": 0}
    assert body["redis"] == {"status": "ok"}
    assert body["ontology"] == {"version": "29.2", "status": "complete"}
    assert body["analytics"]["status"] in ("not made yet", "making", "ready")


async def test_metrics_count_requests(client: httpx.AsyncClient) -> None:
    await client.get("/health")
    text = (await client.get("/metrics")).text
    assert 'careergraph_http_requests_total{method="GET",path="/health",status="200"}' in text


async def test_graphiql_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_rate_limit_answers_429_with_retry_after(
    settings: Settings, runtime: Runtime, token: Callable[..., str]
) -> None:
    limited = create_app(settings.model_copy(update={"rate_limit_per_minute": 3}), runtime)
    headers = {"Authorization": f"Bearer {token(subject='rate-limited-user')}"}
    async with limited.router.lifespan_context(limited):
        transport = httpx.ASGITransport(app=limited)
        async with httpx.AsyncClient(transport=transport, base_url="http://cg") as http:
            codes = [
                (
                    await http.post(
                        "/graphql", json={"query": "{ ontology { version } }"}, headers=headers
                    )
                ).status_code
                for _ in range(5)
            ]
            blocked = await http.post(
                "/graphql", json={"query": "{ ontology { version } }"}, headers=headers
            )
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    assert int(blocked.headers["retry-after"]) > 0
