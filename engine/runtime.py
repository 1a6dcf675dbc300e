"""The process-wide resources: graph store, Redis client, embedding model. Made once, at start."""

import asyncio
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis

from graph_schema import GraphStore, connect
from graph_schema import queries as q
from graph_schema.falkor import start_embedded

from .documents.limits import Limits
from .documents.pipeline import DocumentPipeline
from .embeddings import Embedder
from .fact_edits import FactEdits
from .ontology import OntologyReader
from .profiles import Profiles
from .search import Search
from .settings import Settings

__all__ = ["Runtime"]


@dataclass
class Runtime:
    settings: Settings
    store: GraphStore
    redis: aioredis.Redis
    embedder: Embedder
    search: Search = field(init=False)
    ontology: OntologyReader = field(init=False)
    profiles: Profiles = field(init=False)
    fact_edits: FactEdits = field(init=False)
    _own_redis_server: Any = None
    _pipeline: DocumentPipeline | None = None

    def __post_init__(self) -> None:
        self.search = Search(self.store, self.embedder)
        self.ontology = OntologyReader(self.store)
        self.profiles = Profiles(self.store, self.search)
        self.fact_edits = FactEdits(self.store)

    async def document_pipeline(self) -> DocumentPipeline:
        """The document pipeline on the loaded ontology's vocabulary (built on first use)."""
        if self._pipeline is None:
            skills = await self.store.execute(q.SKILL_VOCABULARY, read_only=True)
            titles = await self.store.execute(q.TITLE_VOCABULARY, read_only=True)
            self._pipeline = await asyncio.to_thread(
                DocumentPipeline.create,
                self.embedder, skills, titles, Limits.from_settings(self.settings),
            )  # fmt: skip
        return self._pipeline

    @classmethod
    async def open(
        cls, settings: Settings, *, embedder: Embedder | None = None, warm: bool = True
    ) -> "Runtime":
        """Start or connect the stores while the embedding model loads (they overlap).

        With `warm=False` the model loads on first use instead (for commands that need none).
        """
        embedder = embedder or Embedder()
        model = asyncio.create_task(asyncio.to_thread(embedder.load if warm else lambda: None))
        store = await asyncio.to_thread(
            connect,
            settings.graph_url,
            data_dir=settings.data_dir / "graph",
            graph_name=settings.graph_name,
            fsync=settings.embedded_fsync,
            neo4j_user=settings.neo4j_user,
            neo4j_password=settings.neo4j_password.get_secret_value(),
            neo4j_database=settings.neo4j_database,
        )
        own_server = None
        if settings.redis_url:
            client = aioredis.from_url(settings.redis_url, decode_responses=True)
        else:
            socket = store.redis_socket
            if socket is None:  # Neo4j without a Redis URL: run an embedded Redis for it.
                own_server = await asyncio.to_thread(
                    start_embedded, settings.data_dir / "redis", settings.embedded_fsync
                )
                socket = own_server.socket
            client = aioredis.Redis(unix_socket_path=socket, decode_responses=True)
        await model
        return cls(settings, store, client, embedder, _own_redis_server=own_server)

    async def close(self) -> None:
        await self.redis.aclose()
        await self.store.close()
        if self._own_redis_server is not None:
            self._own_redis_server.stop()
