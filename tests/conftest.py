"""Shared fixtures: real embedded FalkorDB and Redis, the real embedding model.

The graph-layer conformance tests run on every backend in BACKENDS: the embedded FalkorDB
always, and Neo4j when NEO4J_URI is set (NEO4J_USER / NEO4J_PASSWORD; the database it points
at is wiped by the tests, so use a disposable one).
"""

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from engine import Embedder, Runtime, Settings
from graph_schema import GraphStore, connect
from graph_schema.falkor import FalkorStore
from onet_loader import bundled_release_path, load_release

from .helpers import write_mini_release

NEO4J_URI = os.environ.get("NEO4J_URI")
BACKENDS = ["falkordb-embedded"] + (["neo4j"] if NEO4J_URI else [])


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    model = Embedder()
    model.load()
    return model


@pytest.fixture(scope="session")
def mini_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_mini_release(tmp_path_factory.mktemp("release") / "db_29_2_text")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def shared_falkor(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FalkorStore]:
    """One embedded server for the conformance tests; each test gets its own graph on it."""
    store = FalkorStore.embedded(tmp_path_factory.mktemp("conformance"), "unused", "always")
    yield store
    await store.close()


@pytest_asyncio.fixture(params=BACKENDS, loop_scope="session")
async def store(
    request: pytest.FixtureRequest, shared_falkor: FalkorStore
) -> AsyncIterator[GraphStore]:
    """An empty graph on one backend."""
    if request.param == "neo4j":
        assert NEO4J_URI is not None
        graph: GraphStore = connect(
            NEO4J_URI,
            data_dir=Path("."),
            neo4j_user=os.environ.get("NEO4J_USER", "neo4j"),
            neo4j_password=os.environ.get("NEO4J_PASSWORD", ""),
        )
    else:
        graph = shared_falkor.other_graph(f"test-{uuid.uuid4().hex[:12]}")
    await graph.clear()
    yield graph
    await graph.clear()
    await graph.close()


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("careergraph"),
        rate_limit_per_minute=0,
        expensive_per_minute=0,
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def runtime(settings: Settings, embedder: Embedder) -> AsyncIterator[Runtime]:
    """The full bundled O*NET release on the embedded store, as `careergraph serve` has it."""
    rt = await Runtime.open(settings, embedder=embedder)
    await load_release(rt.store, bundled_release_path(), embedder.embed)
    yield rt
    await rt.close()
