"""FalkorDB backends: the embedded server from `falkordblite`, or a FalkorDB server by URL."""

import asyncio
import logging
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import redis.asyncio as aioredis
from falkordb.asyncio import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as GraphPath
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .dialect import FALKOR
from .embedded import FsyncPolicy, Supervisor, private_dir
from .errors import GraphUnavailable, QueryFailed, QueryTimeout, WriteRefused
from .store import GraphStore, Row

__all__ = ["FalkorStore", "FsyncPolicy", "pool_for"]

log = logging.getLogger(__name__)

_SOCKET_TIMEOUT_S = 300
_MAX_CONNECTIONS = 16
_WAIT_FOR_CONNECTION_S = 10


def pool_for(url: str) -> aioredis.ConnectionPool:
    """Connections that fail at once when the server is gone (no silent retries of a write
    that may have run); a pooled connection to a restarted server reconnects when taken."""
    pool: aioredis.ConnectionPool = aioredis.BlockingConnectionPool.from_url(
        url,
        decode_responses=True,
        max_connections=_MAX_CONNECTIONS,
        timeout=_WAIT_FOR_CONNECTION_S,
        socket_timeout=_SOCKET_TIMEOUT_S,
        socket_connect_timeout=5,
    )
    return pool


def _client(pool: aioredis.ConnectionPool) -> FalkorDB:
    # The retry setting is added after FalkorDB's client has read the pool's settings: it
    # builds a synchronous client from them, which cannot take the asyncio Retry.
    pool.connection_kwargs.pop("retry", None)
    client = FalkorDB(connection_pool=pool)
    pool.connection_kwargs["retry"] = Retry(NoBackoff(), 0)
    return client


# FalkorDB's server crashes checking a unique constraint on a string of about 4,100
# characters or more (4,000 passes, 4,200 ends the process): refuse long keys before sending.
MAX_KEY_CHARS = 1000
_KEY_NAMES = frozenset({"id", "person", "tenant"})


def _check_keys(params: Mapping[str, Any] | None) -> None:
    for name, value in (params or {}).items():
        if name in _KEY_NAMES and isinstance(value, str) and len(value) > MAX_KEY_CHARS:
            raise QueryFailed(
                f"the {name} is {len(value):,} characters long; keys are at most "
                f"{MAX_KEY_CHARS:,} (the database cannot index longer ones safely)."
            )
        if name == "rows" and isinstance(value, list):
            for row in value:
                if isinstance(row, Mapping):
                    _check_keys(row)


def _copy_private(source: Path, target: Path) -> None:
    private_dir(target.parent)
    with source.open("rb") as read, target.open("wb") as write:  # one open: one snapshot
        target.chmod(0o600)
        shutil.copyfileobj(read, write, 1 << 20)


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:  # most values: answered before the slower checks below
        return value
    if kind is list:
        return [_plain(v) for v in value]
    if isinstance(value, Node):
        return {
            "labels": list(value.labels or []),
            "properties": _props(value.properties),
        }
    if isinstance(value, Edge):
        return {"type": value.relation, "properties": _props(value.properties)}
    if isinstance(value, GraphPath):
        return {
            "nodes": [_plain(n) for n in value.nodes()],
            "relationships": [_plain(e) for e in value.edges()],
        }
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _props(properties: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in properties.items()}


def _translate(error: RedisError, query: str) -> Exception:
    message = str(error)
    if isinstance(error, (RedisConnectionError, RedisTimeoutError)):
        return GraphUnavailable(f"FalkorDB did not answer: {message}")
    if "read-only" in message:
        return WriteRefused(
            "this query writes to the graph, and only read-only queries are allowed here; "
            "remove CREATE/MERGE/SET/DELETE/REMOVE clauses"
        )
    if "timed out" in message.lower():
        return QueryTimeout("the query ran past its time limit; narrow it or add a LIMIT")
    return QueryFailed(f"FalkorDB rejected the query: {message}")


class FalkorStore(GraphStore):
    dialect = FALKOR

    def __init__(
        self,
        pool: aioredis.ConnectionPool,
        graph_name: str,
        *,
        embedded: Supervisor | None = None,
        owns_pool: bool = True,
    ) -> None:
        self._pool = pool
        self._owns_pool = owns_pool
        self._db = _client(pool)
        self._graph = self._db.select_graph(graph_name)
        self._embedded = embedded
        self._graph_config: dict[str, int | str] = {}
        self.backend = "falkordb-embedded" if embedded else "falkordb"

    @classmethod
    def embedded(
        cls,
        data_dir: Path,
        graph_name: str,
        fsync: FsyncPolicy,
        *,
        memory_limit: int | None = None,
        graph_config: Mapping[str, int | str] | None = None,
    ) -> "FalkorStore":
        supervisor = Supervisor(
            data_dir, fsync, memory_limit=memory_limit, graph_config=graph_config
        )
        return cls(pool_for(f"unix://{supervisor.socket}"), graph_name, embedded=supervisor)

    @classmethod
    def server(
        cls, url: str, graph_name: str, graph_config: Mapping[str, int | str] | None = None
    ) -> "FalkorStore":
        store = cls(pool_for("redis://" + url.split("://", 1)[1]), graph_name)
        store._graph_config = dict(graph_config or {})
        return store

    @property
    def redis_socket(self) -> str | None:
        return self._embedded.socket if self._embedded else None

    @property
    def supervisor(self) -> Supervisor | None:
        return self._embedded

    def unavailable(self) -> GraphUnavailable | None:
        return self._embedded.unavailable() if self._embedded else None

    async def watch(self) -> None:
        if self._embedded is not None:
            await self._embedded.watch()
        elif self._graph_config:
            await self._apply_config()

    async def _apply_config(self) -> None:
        """Limits on a FalkorDB server we do not run: set them if it lets us, say so if not."""
        for name, value in self._graph_config.items():
            try:
                await self._db.connection.execute_command("GRAPH.CONFIG", "SET", name, value)
            except RedisError as e:
                log.warning("could not set %s=%s on the FalkorDB server: %s", name, value, e)

    async def copy_graph(self, graph_name: str) -> "FalkorStore":
        """Copy this graph to `graph_name` on the same server (replacing it)."""
        other = self.other_graph(graph_name)
        await other.clear()
        try:
            await self._graph.copy(graph_name)
        except ResponseError as e:
            raise _translate(e, "GRAPH.COPY") from e
        return other

    def other_graph(self, graph_name: str) -> "FalkorStore":
        """A store for another graph on the same server, sharing this store's connections."""
        other = FalkorStore(self._pool, graph_name, embedded=self._embedded, owns_pool=False)
        return other

    async def clear(self) -> None:
        try:
            await self._graph.delete()
        except ResponseError as e:
            if "empty key" not in str(e):
                raise _translate(e, "GRAPH.DELETE") from e

    async def execute(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = False,
        timeout_ms: int | None = None,
        max_rows: int | None = None,
    ) -> list[Row]:
        if (down := self.unavailable()) is not None:
            raise down
        if not read_only:
            _check_keys(params)
        run = self._graph.ro_query if read_only else self._graph.query
        try:
            try:
                result = await run(query, dict(params or {}), timeout=timeout_ms)
            except ResponseError as e:
                if not (read_only and "empty key" in str(e)):
                    raise
                # A read on a graph that does not exist yet: create it (empty) and read, so a
                # write sent down the read-only path is still refused rather than ignored.
                await self._graph.query("RETURN 1")
                result = await run(query, dict(params or {}), timeout=timeout_ms)
        except RedisError as e:
            if self._embedded is not None and isinstance(e, RedisConnectionError):
                self._embedded.connection_lost()
            raise _translate(e, query) from e
        columns = [name for _, name in result.header]
        return [
            {col: _plain(val) for col, val in zip(columns, row, strict=True)}
            for row in result.result_set[:max_rows]
        ]

    async def create_unique_constraint(self, label: str, *props: str) -> None:
        # the constraint needs every property in the label's exact-match index; some may be
        # there already (an index can not be created over a property it holds)
        for prop in props:
            try:
                await self._graph.create_node_range_index(label, prop)
            except ResponseError as e:
                if "already indexed" not in str(e):
                    raise _translate(e, "CREATE INDEX") from e
        try:
            await self._graph.create_node_unique_constraint(label, *props)
        except ResponseError as e:
            if "already exists" not in str(e):
                raise _translate(e, "GRAPH.CONSTRAINT") from e

    async def drop_unique_constraint(self, label: str, *props: str) -> None:
        try:
            await self._graph.drop_node_unique_constraint(label, *props)
        except ResponseError as e:
            if "not exist" not in str(e).lower():
                raise _translate(e, "GRAPH.CONSTRAINT") from e

    async def compact(self) -> None:
        """Rewrite the append-only file as a snapshot, so the next start loads it quickly."""
        if not self._embedded:
            return
        connection = self._db.connection
        try:
            await connection.bgrewriteaof()
            while True:
                info = await connection.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get(
                    "aof_rewrite_scheduled"
                ):
                    return
                await asyncio.sleep(0.1)
        except ResponseError as e:
            if "in progress" not in str(e):
                raise _translate(e, "BGREWRITEAOF") from e

    async def purge(self) -> None:
        """Rewrite the server's files from what it holds now: deleted data leaves them too."""
        if not self._embedded:
            return
        await self.compact()
        connection = self._db.connection
        try:
            before = await connection.lastsave()
            await connection.bgsave(schedule=True)
            while await connection.lastsave() == before:
                await asyncio.sleep(0.1)
        except ResponseError as e:
            raise _translate(e, "BGSAVE") from e

    async def snapshot_to(self, target: Path, timeout_s: float = 300) -> None:
        """Write a point-in-time copy of the embedded server's data to `target` (an RDB file)."""
        if self._embedded is None:
            raise GraphUnavailable("only the embedded store can be copied this way")
        connection = self._db.connection
        try:
            async with asyncio.timeout(timeout_s):
                before = await connection.lastsave()
                # SCHEDULE: if an append-only-file rewrite is running, save right after it.
                await connection.bgsave(schedule=True)
                while True:
                    self._embedded.yield_to_queries()
                    info = await connection.info("persistence")
                    if not info.get("rdb_bgsave_in_progress") and (
                        await connection.lastsave() != before
                    ):
                        break
                    await asyncio.sleep(0.1)
        except TimeoutError:
            raise GraphUnavailable(
                f"the graph store wrote no snapshot in {timeout_s:.0f} s"
            ) from None
        except RedisError as e:
            raise _translate(e, "BGSAVE") from e
        if info.get("rdb_last_bgsave_status") != "ok":
            raise GraphUnavailable("the graph store could not write a snapshot; see its log")
        source = self._embedded.server.data_dir / "graph.rdb"
        await asyncio.to_thread(_copy_private, source, target)

    async def ping(self) -> None:
        try:
            await asyncio.wait_for(self._db.connection.ping(), timeout=5)
        except (RedisError, TimeoutError, OSError) as e:
            raise GraphUnavailable(f"FalkorDB did not answer a ping: {e}") from e

    async def close(self) -> None:
        if not self._owns_pool:
            return
        await self._pool.aclose()
        if self._embedded:
            self._embedded.stop()
