from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

from api import create_app
from api.auth import Role, TokenService
from engine import Runtime, Settings


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def app(settings: Settings, runtime: Runtime) -> AsyncIterator[FastAPI]:
    application = create_app(settings, runtime)
    async with application.router.lifespan_context(application):
        yield application


@pytest_asyncio.fixture(loop_scope="session")
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://careergraph") as http:
        yield http


@pytest.fixture
def token(app: FastAPI) -> Callable[..., str]:
    tokens: TokenService = app.state.tokens

    def mint(role: Role = Role.CANDIDATE, tenant: str = "acme", subject: str = "u-1") -> str:
        return tokens.mint(role, tenant, subject, timedelta(minutes=5))

    return mint


@pytest.fixture
def gql(client: httpx.AsyncClient, token: Callable[..., str]) -> Callable[..., object]:
    async def run(
        query: str, variables: dict[str, object] | None = None, role: Role = Role.CANDIDATE
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token(role)}"}
        body = {"query": query, "variables": variables or {}}
        return await client.post("/graphql", json=body, headers=headers)

    return run
