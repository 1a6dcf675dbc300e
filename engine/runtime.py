"""The process-wide resources: graph store, Redis client, embedding model. Made once, at start."""

import asyncio
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis

from graph_schema import GraphStore, connect
from graph_schema import queries as q
from graph_schema.embedded import Supervisor, private_dir
from graph_schema.falkor import FalkorStore, pool_for
from graph_schema.migrations import migrate
from graph_schema.replica import ReadReplica

from .access_log import AccessLog
from .analytics import Analytics
from .cache import AnswerCache
from .documents.limits import Limits
from .documents.pipeline import DocumentPipeline
from .embeddings import Embedder
from .events import Events
from .explore import Explorer
from .facts import FactStore
from .held import HeldDocuments
from .insights import Advisor
from .intake import DocumentIntake
from .jobs import JobStore
from .matching import Matcher
from .matching.index import MatchIndex
from .matching.terms import TermCache
from .ontology import OntologyReader
from .people import People
from .privacy import Privacy
from .revocations import Revocations
from .search import Search
from .settings import Settings
from .uploads import Uploads

__all__ = ["Runtime"]


@dataclass
class Runtime:
    settings: Settings
    store: GraphStore
    redis: aioredis.Redis
    embedder: Embedder
    analytics: Analytics
    search: Search = field(init=False)
    ontology: OntologyReader = field(init=False)
    events: Events = field(init=False)
    people: People = field(init=False)
    facts: FactStore = field(init=False)
    uploads: Uploads = field(init=False)
    jobs: JobStore = field(init=False)
    matcher: Matcher = field(init=False)
    advisor: Advisor = field(init=False)
    explorer: Explorer = field(init=False)
    intake: DocumentIntake = field(init=False)
    access: AccessLog = field(init=False)
    revocations: Revocations = field(init=False)
    privacy: Privacy = field(init=False)
    _own_redis_server: Any = None
    _pipeline: DocumentPipeline | None = None
    _watch: "asyncio.Task[None] | None" = None

    def __post_init__(self) -> None:
        self._watch = asyncio.get_running_loop().create_task(self._keep_alive())
        self.search = Search(self.store, self.embedder)
        self.ontology = OntologyReader(self.store)
        self.events = Events(self.redis)
        self.people = People(self.store)
        self.facts = FactStore(self.store, self.events)
        self.uploads = Uploads(self.store, self.people)
        self.jobs = JobStore(self.store, self.search)
        self.matcher = Matcher(
            self.store,
            cache=AnswerCache(self.redis),
            index=MatchIndex(self.store, self.redis, TermCache(self.store)),
        )
        self.advisor = Advisor(self.store, self.matcher, self.search)
        self.explorer = Explorer(self.store, self.matcher, self.search)
        self.held = HeldDocuments(self.settings.data_dir / "held")
        self.intake = DocumentIntake(
            self.uploads, self.facts, self.jobs, self.events, self.held, self.search
        )
        self.access = AccessLog(self.redis)
        self.revocations = Revocations(self.redis, self.settings.refresh_ttl_days * 86_400)
        self.privacy = Privacy(
            self.store, self.redis, self.facts, self.uploads, self.access, self.events,
            self.revocations, self.held, after_delete=self._forget_copies,
        )  # fmt: skip

    async def _forget_copies(self) -> None:
        """After a deletion: no cache or analytics copy keeps what was deleted."""
        self.embedder.clear_cache()
        await self.analytics.discard()

    async def _keep_alive(self) -> None:
        """Restart what this process runs (the embedded store, or Neo4j's embedded Redis)."""
        watched = [self.store.watch()]
        if self._own_redis_server is not None:
            watched.append(self._own_redis_server.watch())
        await asyncio.gather(*watched)

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
        private_dir(settings.data_dir)  # the graph, secrets and documents: this user only
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
            memory_limit=settings.embedded_memory_mb * 2**20,
            query_memory=settings.query_memory_mb * 2**20,
        )
        own_server = None
        if settings.redis_url:
            client = aioredis.Redis(connection_pool=pool_for(settings.redis_url))
        else:
            socket = store.redis_socket
            if socket is None:  # Neo4j without a Redis URL: run an embedded Redis for it.
                own_server = await asyncio.to_thread(
                    Supervisor, settings.data_dir / "redis", settings.embedded_fsync
                )
                socket = own_server.socket
            client = aioredis.Redis(connection_pool=pool_for(f"unix://{socket}"))
        await model
        await migrate(store)
        runtime = cls(
            settings, store, client, embedder, _analytics(settings, store, client),
            _own_redis_server=own_server,
        )  # fmt: skip
        await runtime.privacy.resume()  # finish deletions a stopped process left
        return runtime

    async def close(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
        await self.analytics.close()
        await self.redis.aclose(close_connection_pool=True)
        await self.store.close()
        if self._own_redis_server is not None:
            self._own_redis_server.stop()


def _analytics(settings: Settings, store: GraphStore, redis: aioredis.Redis) -> Analytics:
    replica = None
    if isinstance(store, FalkorStore) and store.supervisor is not None:
        replica = ReadReplica(
            store,
            settings.data_dir / "analytics",
            settings.graph_name,
            max_age_s=settings.analytics_max_age_s,
            memory_limit=settings.analytics_memory_mb * 2**20,
            graph_config={
                "QUERY_MEM_CAPACITY": settings.query_memory_mb * 2**20,
                # the server itself stops a result at the row cap (+1 to tell it was cut)
                "RESULTSET_SIZE": settings.cypher_max_rows + 1,
                "TIMEOUT_MAX": settings.cypher_timeout_ms,
                "CMD_INFO": "no",
                "MAX_INFO_QUERIES": 0,
            },
        )
    return Analytics(
        store,
        replica,
        timeout_ms=settings.cypher_timeout_ms,
        max_rows=settings.cypher_max_rows,
        concurrency=settings.cypher_concurrency,
        redis=redis,
    )
