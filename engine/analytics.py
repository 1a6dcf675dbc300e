"""Read-only Cypher for data teams: checked text, a copy of the graph, a time limit, a row cap,
and a cap on how many run at once.

On the embedded store the queries run on `graph_schema.ReadReplica` (a memory-capped copy
whose result sets the server itself cuts at the row cap); on Neo4j and FalkorDB servers they
run on the live store with the server's time limit, rows read as they stream and the rest
discarded.
"""

import asyncio
import hashlib
import logging
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import redis.asyncio as aioredis
from pydantic import BaseModel

from graph_schema import GraphStore, GraphUnavailable
from graph_schema.replica import ReadReplica

from .bounds import MAX_TEXT_CHARS, check_param_name
from .cypher_guard import check_cypher
from .errors import EngineError, InvalidInput

__all__ = ["MAX_QUERY_LENGTH", "Analytics", "Busy", "CypherResult", "run_read_only"]

log = logging.getLogger(__name__)
MAX_QUERY_LENGTH = MAX_TEXT_CHARS
_MAX_PARAMS = 100
_HIDDEN_PROPERTIES = {"embedding"}
_WAIT_FOR_TURN_S = 2.0


class Busy(EngineError):
    """Too many analyst queries are running; retry in a moment."""

    retry_after = 2


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    elapsed_ms: float
    as_of: datetime | None = None
    """When the copy of the graph it ran on was taken (None: the live graph)."""


def check_request(query: str, params: Mapping[str, Any] | None) -> None:
    if not query.strip():
        raise InvalidInput("the Cypher query is empty.", "Pass a MATCH ... RETURN query.")
    if len(query) > MAX_QUERY_LENGTH:
        raise InvalidInput(
            f"the Cypher query is {len(query):,} characters long; the limit is "
            f"{MAX_QUERY_LENGTH:,}.",
            "Shorten it or pass large values as parameters.",
        )
    if params and len(params) > _MAX_PARAMS:
        raise InvalidInput(f"{len(params)} parameters; the limit is {_MAX_PARAMS}.")
    for name in params or {}:
        check_param_name(name)
    check_cypher(query)


async def run_read_only(
    store: GraphStore,
    query: str,
    params: Mapping[str, Any] | None,
    *,
    timeout_ms: int,
    max_rows: int,
    as_of: datetime | None = None,
) -> CypherResult:
    """Check and run `query` read-only on `store`. Raises InvalidInput for a refused query;
    WriteRefused, QueryTimeout or QueryFailed from the store."""
    check_request(query, params)
    return await _execute(
        store, query, params, timeout_ms=timeout_ms, max_rows=max_rows, as_of=as_of
    )


async def _execute(
    store: GraphStore,
    query: str,
    params: Mapping[str, Any] | None,
    *,
    timeout_ms: int,
    max_rows: int,
    as_of: datetime | None,
) -> CypherResult:
    started = time.perf_counter()
    rows = await store.execute(
        query, params or {}, read_only=True, timeout_ms=timeout_ms, max_rows=max_rows + 1
    )
    elapsed = (time.perf_counter() - started) * 1000
    truncated = len(rows) > max_rows
    kept = [{k: _visible(v) for k, v in row.items()} for row in rows[:max_rows]]
    columns = list(rows[0]) if rows else []
    return CypherResult(
        columns=columns, rows=kept, truncated=truncated, elapsed_ms=elapsed, as_of=as_of
    )


_NO_TENANT_GRAPH = (
    "this graph backend cannot hold a separate graph per tenant, so analyst Cypher (which "
    "must see only your tenant's people) cannot run here."
)
_NO_TENANT_HINT = (
    "Use the embedded store (the default), or ask a platform operator to run the query."
)


def _refresh_key(tenant: str) -> str:
    return "careergraph:analytics:refresh:" + hashlib.sha256(tenant.encode()).hexdigest()[:32]


class Analytics:
    """Where analyst queries run, at most `concurrency` at a time."""

    def __init__(
        self,
        store: GraphStore,
        replica: ReadReplica | None,
        *,
        timeout_ms: int,
        max_rows: int,
        concurrency: int,
        redis: aioredis.Redis | None = None,
    ) -> None:
        self._store = store
        self._replica = replica
        self._timeout_ms = timeout_ms
        self._max_rows = max_rows
        self._turns = asyncio.Semaphore(concurrency)
        self._warming: asyncio.Task[None] | None = None
        self._redis = redis
        """where other processes ask for a tenant's graph to be remade"""

    def warm(self) -> None:
        """Make the copy of the graph now, in the background, so the first query need not."""
        if self._replica is not None and self._warming is None:
            self._warming = asyncio.create_task(self._warm(self._replica))

    async def _warm(self, replica: ReadReplica) -> None:
        try:
            await replica.snapshot()
        except Exception:
            log.exception("making the analytics copy of the graph failed; the first query retries")

    async def refresh(self, tenant: str) -> datetime | None:
        """Take a new copy of the live graph and make the tenant's graph from it."""
        if self._replica is None:
            raise InvalidInput(_NO_TENANT_GRAPH, _NO_TENANT_HINT)
        return (await self._replica.tenant_snapshot(tenant, fresh=True)).taken_at

    async def request_refresh(self, tenant: str) -> None:
        """Ask the serving process (whichever it is) to remake the tenant's graph before its
        next query."""
        if self._redis is not None:
            await self._redis.set(_refresh_key(tenant), 1, ex=86_400)

    async def discard(self) -> None:
        if self._replica is not None:
            await self._replica.discard()

    async def run(
        self, query: str, params: Mapping[str, Any] | None, tenant: str | None
    ) -> CypherResult:
        """Run an analyst's query on their tenant's graph (`tenant`), or, for a platform
        operator (`tenant=None`), on the copy of the whole graph."""
        check_request(query, params)  # refuse before waiting for a turn or a copy
        if tenant is not None and self._replica is None:
            raise InvalidInput(_NO_TENANT_GRAPH, _NO_TENANT_HINT)
        try:
            await asyncio.wait_for(self._turns.acquire(), _WAIT_FOR_TURN_S)
        except TimeoutError:
            raise Busy(
                "other analyst queries are running; only a few run at once so that they "
                "cannot slow everyone else down.",
                f"Try again in {Busy.retry_after} s.",
            ) from None
        try:
            store, as_of = self._store, None
            if self._replica is not None:
                if tenant is not None:
                    asked = self._redis is not None and await self._redis.getdel(
                        _refresh_key(tenant)
                    )
                    snapshot = await self._replica.tenant_snapshot(tenant, fresh=bool(asked))
                else:
                    snapshot = await self._replica.snapshot()
                store, as_of = snapshot.store, snapshot.taken_at
            try:
                return await _execute(
                    store, query, params,
                    timeout_ms=self._timeout_ms, max_rows=self._max_rows, as_of=as_of,
                )  # fmt: skip
            except GraphUnavailable as e:
                if as_of is None:
                    raise
                raise GraphUnavailable(
                    "the query ended the analytics copy of the graph (most likely it ran out of "
                    "memory); the copy is being started again and the live graph was not "
                    "affected. Narrow the query before trying again.",
                    retry_after=10,
                ) from e
        finally:
            self._turns.release()

    def unavailable(self) -> GraphUnavailable | None:
        return self._replica.unavailable() if self._replica else None

    def describe(self) -> dict[str, str]:
        return self._replica.describe() if self._replica else {"status": "live graph"}

    async def close(self) -> None:
        if self._warming is not None:
            self._warming.cancel()
        if self._replica is not None:
            await self._replica.close()


def _visible(value: Any) -> Any:
    """Drop embedding vectors from returned nodes: 384 numbers each, unreadable in a table.
    (Return `n.embedding` explicitly to see one.)"""
    if isinstance(value, dict):
        if "labels" in value and isinstance(value.get("properties"), dict):
            properties = value["properties"]
            hidden = {k: v for k, v in properties.items() if k not in _HIDDEN_PROPERTIES}
            return {**value, "properties": _visible(hidden)}
        return {k: _visible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_visible(v) for v in value]
    return value
