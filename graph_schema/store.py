"""The one interface the rest of Careergraph uses to talk to a graph database."""

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .dialect import Dialect
from .errors import GraphUnavailable

__all__ = ["GraphStore", "Row"]

Row = dict[str, Any]


class GraphStore(ABC):
    """A connected graph database. Create one per process and pass it to whoever needs it."""

    dialect: Dialect
    backend: str
    """Human-readable backend name: "falkordb-embedded", "falkordb" or "neo4j"."""

    @abstractmethod
    async def execute(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        read_only: bool = False,
        timeout_ms: int | None = None,
        max_rows: int | None = None,
    ) -> list[Row]:
        """Run one query; rows come back as dicts keyed by column, values as plain Python.

        With `max_rows`, at most that many rows are read (the backend stops the rest where it
        can: Neo4j streams and discards, FalkorDB cuts at its RESULTSET_SIZE)."""

    @abstractmethod
    async def create_unique_constraint(self, label: str, *props: str) -> None:
        """Make `props` (together) unique on `label`; a no-op when the constraint exists."""

    @abstractmethod
    async def drop_unique_constraint(self, label: str, *props: str) -> None:
        """Drop that constraint; a no-op when there is none."""

    @abstractmethod
    async def ping(self) -> None:
        """Raise GraphUnavailable unless the database answers."""

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def clear(self) -> None:
        """Delete every node and relationship in this graph (tests and resets)."""

    async def compact(self) -> None:
        """Let the store fold a large write into its on-disk form (after bulk loads)."""
        return None

    async def purge(self) -> None:
        """Rewrite the store's own files so data deleted from it is gone from them too (where
        the store lets us: the embedded FalkorDB; a server manages its own files)."""
        return None

    def unavailable(self) -> GraphUnavailable | None:
        """The error to answer with at once while the store is known to be down (restarting)."""
        return None

    async def watch(self) -> None:
        """Keep the store healthy for as long as it is open (restart what this process runs)."""
        return None

    @property
    def redis_socket(self) -> str | None:
        """The Unix socket of an embedded Redis server this store runs, if any."""
        return None

    async def execute_batches(
        self,
        query: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        batch_size: int = 2000,
        params: Mapping[str, Any] | None = None,
        on_batch: Callable[[int], None] | None = None,
    ) -> int:
        """Run `query` once per batch with `$rows` bound to the batch; returns rows sent."""
        for start in range(0, len(rows), batch_size):
            batch = list(rows[start : start + batch_size])
            await self.execute(query, {**(params or {}), "rows": batch})
            if on_batch:
                on_batch(len(batch))
        return len(rows)
