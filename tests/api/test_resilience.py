"""The service stays up and honest: budgets per principal over HTTP and WebSocket, a killed
database back with every acknowledged write, a port that answers while O*NET loads, and data
files only the service's user can read."""

import asyncio
import contextlib
import json
import os
import signal
import socket
import stat
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
import websockets
from fastapi import FastAPI

from api import create_app
from api.auth import Role
from engine import Embedder, Runtime, Settings
from graph_schema import GraphUnavailable

QUERY = {"query": "{ ontology { version } }"}


@contextlib.asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://cg") as http:
            yield http


async def fresh_window() -> None:
    """Budgets are counted per clock minute; start a test's requests well inside one."""
    if time.time() % 60 > 55:
        await asyncio.sleep(60 - time.time() % 60 + 0.1)


async def test_budgets_belong_to_the_principal_however_the_header_is_written(
    settings: Settings, runtime: Runtime
) -> None:
    app = create_app(settings.model_copy(update={"rate_limit_per_minute": 3}), runtime)
    await fresh_window()
    async with serving(app) as http:
        token = app.state.tokens.mint(Role.RECRUITER, "acme", "spacey", _minutes(5))
        headers = [f"Bearer {token}", f"bearer {token}", f"Bearer    {token}", f"BEARER {token}"]
        codes = [
            (await http.post("/graphql", json=QUERY, headers={"Authorization": h})).status_code
            for h in headers
        ]
        other = app.state.tokens.mint(Role.RECRUITER, "acme", "someone-else", _minutes(5))
        fresh = await http.post(
            "/graphql", json=QUERY, headers={"Authorization": f"Bearer {other}"}
        )
    assert codes == [200, 200, 200, 429]
    assert fresh.status_code == 200


async def test_expensive_operations_have_a_stricter_budget(
    settings: Settings, runtime: Runtime
) -> None:
    app = create_app(settings.model_copy(update={"expensive_per_minute": 2}), runtime)
    await fresh_window()
    async with serving(app) as http:
        token = app.state.tokens.mint(Role.ANALYST, "acme", "busy-analyst", _minutes(5))
        auth = {"Authorization": f"Bearer {token}"}
        cypher = {"query": '{ cypher(query: "RETURN 1 AS one") { rows } }'}
        answers = [await http.post("/graphql", json=cypher, headers=auth) for _ in range(3)]
        cheap = await http.post("/graphql", json=QUERY, headers=auth)
    assert [a.status_code for a in answers] == [200, 200, 429]
    error = answers[2].json()["errors"][0]
    assert (
        error["extensions"]["code"] == "RATE_LIMITED" and int(answers[2].headers["retry-after"]) > 0
    )
    assert cheap.status_code == 200  # ordinary reads still have their own budget


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_websocket_operations_count_against_the_same_budget(
    settings: Settings, runtime: Runtime
) -> None:
    app = create_app(settings.model_copy(update={"rate_limit_per_minute": 2}), runtime)
    await fresh_window()
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    serve = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    try:
        token = app.state.tokens.mint(Role.RECRUITER, "acme", "ws-user", _minutes(5))
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/graphql",
            subprotocols=[websockets.Subprotocol("graphql-transport-ws")],
            additional_headers={"Authorization": f"Bearer {token}"},
        ) as ws:
            await ws.send(json.dumps({"type": "connection_init"}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            kinds = []
            for n in range(3):
                await ws.send(json.dumps({"id": str(n), "type": "subscribe", "payload": QUERY}))
                message = json.loads(await ws.recv())
                kinds.append(message["type"])
                if message["type"] == "next":
                    assert json.loads(await ws.recv())["type"] == "complete"
                last = message
    finally:
        server.should_exit = True
        await serve
    assert kinds[:2] == ["next", "next"]
    print(last)
    errors = last["payload"] if last["type"] == "error" else last["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "RATE_LIMITED"


def _minutes(n: int) -> Any:
    from datetime import timedelta

    return timedelta(minutes=n)


@pytest.fixture
async def own_runtime(
    tmp_path: Path, embedder: Embedder
) -> AsyncIterator[tuple[Settings, Runtime]]:
    settings = Settings(data_dir=tmp_path / "data", rate_limit_per_minute=0)
    runtime = await Runtime.open(settings, embedder=embedder)
    yield settings, runtime
    await runtime.close()


async def test_a_killed_database_is_back_within_seconds_with_every_acknowledged_write(
    own_runtime: tuple[Settings, Runtime],
) -> None:
    settings, runtime = own_runtime
    store = runtime.store
    for i in range(50):
        await store.execute("CREATE (:Acknowledged {i: $i})", {"i": i})
    supervisor = store.supervisor  # type: ignore[attr-defined]
    os.kill(supervisor.server.pid, signal.SIGKILL)
    app = create_app(settings, runtime)
    async with serving(app) as http:
        failed_fast, degraded = False, False
        started = time.monotonic()
        while time.monotonic() - started < 20:
            try:
                rows = await store.execute("MATCH (n:Acknowledged) RETURN count(n) AS n")
                if rows[0]["n"] == 50 and supervisor.status.restarts == 1:
                    break
            except GraphUnavailable as e:
                failed_fast = failed_fast or e.retry_after > 0
            health = await http.get("/health")
            if health.status_code == 503:
                degraded = degraded or health.json()["status"] in ("degraded", "unavailable")
                assert "retry-after" in health.headers
            await asyncio.sleep(0.1)
        back_after = time.monotonic() - started
        assert (await http.get("/health")).json()["graph"]["restarts"] == 1
    assert back_after < 10, f"the store came back after {back_after:.1f} s"
    assert failed_fast and degraded
    rows = await store.execute("MATCH (n:Acknowledged) RETURN count(n) AS n")
    assert rows[0]["n"] == 50
    await runtime.redis.ping()  # the Redis the embedded server runs is back too


async def test_the_port_answers_while_starting_and_reports_progress(
    tmp_path: Path, mini_release: Path
) -> None:
    settings = Settings(
        data_dir=tmp_path / "fresh", rate_limit_per_minute=0, onet_release=mini_release
    )
    app = create_app(settings)
    async with serving(app) as http:
        first = await http.get("/health")
        assert first.status_code == 503 and first.json()["status"] == "starting"
        assert "stage" in first.json() and first.headers["retry-after"]
        early = await http.post("/graphql", json=QUERY)
        assert early.status_code == 503 and early.json()["detail"]["code"] == "starting"
        stages = set()
        for _ in range(1200):
            health = await http.get("/health")
            if health.status_code == 200:
                break
            stages.add(health.json()["stage"])
            await asyncio.sleep(0.1)
        assert health.status_code == 200, health.text
        token = app.state.tokens.mint(Role.CANDIDATE, "acme", "u", _minutes(5))
        ready = await http.post(
            "/graphql", json=QUERY, headers={"Authorization": f"Bearer {token}"}
        )
        assert ready.json()["data"]["ontology"]["version"]
    assert len(stages) >= 2  # opening the stores, then the load's own stages


async def test_data_files_are_readable_by_the_service_user_only(
    own_runtime: tuple[Settings, Runtime],
) -> None:
    settings, runtime = own_runtime
    await runtime.store.execute("CREATE (:Private {x: 1})")
    await runtime.store.compact()
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700
    files = [p for p in (settings.data_dir / "graph").rglob("*") if p.is_file()]
    assert any(p.name.startswith("graph.rdb") or "appendonly" in str(p) for p in files)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
