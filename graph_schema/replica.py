"""A read-only copy of the embedded graph on a server of its own, for queries whose text the
service did not write (analyst Cypher).

FalkorDB's own limits do not hold for every query: a `reduce()` that doubles a list grew the
server past 23 GB despite QUERY_MEM_CAPACITY, and `range()` allocates its whole list before any
limit is checked. Such queries therefore never reach the live store. They run on a copy made
from a snapshot of it, in a process whose memory is capped: at worst they end that process,
which is started again from the same snapshot, while the live store serves everyone else.
The copy is refreshed when it is older than `max_age_s` (in the background; the first query
waits for the first copy), and says how old it is.
"""

import asyncio
import hashlib
import logging
import shutil
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .embedded import Supervisor, private_dir
from .errors import GraphUnavailable
from .falkor import FalkorStore, pool_for
from .model import Label
from .queries.analytics import TENANT_SCOPED_LABELS, drop_other_tenants

__all__ = ["ReadReplica", "Snapshot"]

log = logging.getLogger(__name__)
_RETIRE_AFTER_S = 30.0  # queries still running on a replaced copy finish first
_NICENESS = 10  # analysts' work yields the CPU to everyone else's
_TENANT_GRAPHS = 3  # tenants' graphs kept on the copy (each about the ontology's size)
_BATCH = 10_000


@dataclass(frozen=True)
class Snapshot:
    store: FalkorStore
    taken_at: datetime
    monotonic: float


class ReadReplica:
    def __init__(
        self,
        source: FalkorStore,
        directory: Path,
        graph_name: str,
        *,
        max_age_s: float,
        memory_limit: int | None,
        graph_config: Mapping[str, int | str],
    ) -> None:
        self._source = source
        self._directory = directory
        self._graph_name = graph_name
        self._max_age_s = max_age_s
        self._memory_limit = memory_limit
        self._config = dict(graph_config)
        self._current: Snapshot | None = None
        self._supervisor: Supervisor | None = None
        self._watch: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._refreshing: asyncio.Task[None] | None = None
        self._retiring: set[asyncio.Task[None]] = set()
        self._generation = 0
        self._tenants: OrderedDict[str, Snapshot] = OrderedDict()
        self._tenant_lock = asyncio.Lock()

    async def tenant_snapshot(self, tenant: str, *, fresh: bool = False) -> Snapshot:
        """A graph of this tenant's person data and the ontology alone, made from the copy by
        removing every other tenant's nodes: an analyst's query cannot reach another tenant
        whatever it says. `fresh`: take a new copy of the live graph first."""
        if fresh:
            await self.refresh()
        base = await self.snapshot()
        async with self._tenant_lock:
            kept = self._tenants.get(tenant)
            if kept is not None and kept.taken_at == base.taken_at and not fresh:
                self._tenants.move_to_end(tenant)
                return kept
            digest = hashlib.sha256(tenant.encode()).hexdigest()[:24]
            store = await base.store.copy_graph(f"{self._graph_name}-tenant-{digest}")
            for label in (*TENANT_SCOPED_LABELS, Label.TENANT):
                query = drop_other_tenants(label)
                while (await store.execute(query, {"tenant": tenant, "batch": _BATCH}))[0][
                    "deleted"
                ]:
                    pass
            made = Snapshot(store, base.taken_at, base.monotonic)
            self._tenants[tenant] = made
            while len(self._tenants) > _TENANT_GRAPHS:
                _, dropped = self._tenants.popitem(last=False)
                try:
                    await dropped.store.clear()
                except Exception:  # its server may be gone with an older copy already
                    log.debug("could not drop a tenant graph", exc_info=True)
            return made

    async def discard(self) -> None:
        """Drop every copy now (after a deletion, so no copy keeps what was deleted); the next
        query makes a new one."""
        async with self._lock, self._tenant_lock:
            self._tenants.clear()
            if self._current is not None:
                await self._retire(self._current, self._watch)
                self._current, self._watch = None, None

    async def snapshot(self) -> Snapshot:
        """A copy no older than max_age_s if one can be had; an older one while it refreshes."""
        current = self._current
        if current is None:
            async with self._lock:
                if self._current is None:  # nobody made it while we waited
                    await self._refresh()
            assert self._current is not None
            return self._current
        stale = time.monotonic() - current.monotonic > self._max_age_s
        if stale and (self._refreshing is None or self._refreshing.done()):
            self._refreshing = asyncio.create_task(self._refresh_logged())
        return current

    async def _refresh_logged(self) -> None:
        try:
            await self.refresh()
        except Exception:
            log.exception("refreshing the analytics copy of the graph failed")

    async def refresh(self) -> None:
        async with self._lock:
            await self._refresh()

    async def _refresh(self) -> None:
        started = time.monotonic()
        self._generation += 1
        target = private_dir(self._directory) / f"copy-{self._generation}"
        shutil.rmtree(target, ignore_errors=True)
        taken_at = datetime.now(UTC)
        await self._source.snapshot_to(target / "graph.rdb")
        starting = asyncio.ensure_future(asyncio.to_thread(
            Supervisor, target, "everysec", persistent=False, niceness=_NICENESS,
            memory_limit=self._memory_limit, graph_config=self._config,
        ))  # fmt: skip
        try:
            supervisor = await asyncio.shield(starting)
        except asyncio.CancelledError:  # the service is stopping: stop the copy it started
            (await starting).stop()
            raise
        store = FalkorStore(
            pool_for(f"unix://{supervisor.socket}"), self._graph_name, embedded=supervisor
        )
        old, old_watch = self._current, self._watch
        self._current = Snapshot(store, taken_at, started)
        self._supervisor = supervisor
        self._watch = asyncio.create_task(supervisor.watch())
        log.info("analytics copy of the graph refreshed in %.1f s", time.monotonic() - started)
        if old is not None:
            retiring = asyncio.create_task(self._retire(old, old_watch, _RETIRE_AFTER_S))
            self._retiring.add(retiring)
            retiring.add_done_callback(self._retiring.discard)

    async def _retire(
        self, old: Snapshot, watch: asyncio.Task[None] | None, after_s: float = 0.0
    ) -> None:
        try:
            await asyncio.sleep(after_s)
        finally:  # cancelled (the service is stopping) or not: the copy's server stops
            if watch is not None:
                watch.cancel()
            await old.store.close()
            directory = old.store.supervisor.server.data_dir if old.store.supervisor else None
            if directory is not None:
                shutil.rmtree(directory, ignore_errors=True)

    def unavailable(self) -> GraphUnavailable | None:
        return self._current.store.unavailable() if self._current else None

    def describe(self) -> dict[str, str]:
        """For /health: whether the copy is there, and how old."""
        if self._current is None:
            return {"status": "making" if self._lock.locked() else "not made yet"}
        state = "restarting" if self.unavailable() is not None else "ready"
        return {"status": state, "as_of": self._current.taken_at.isoformat()}

    async def close(self) -> None:
        if self._refreshing is not None:
            self._refreshing.cancel()
        for retiring in list(self._retiring):  # copies still finishing queries: stop now
            retiring.cancel()
        await asyncio.gather(*self._retiring, return_exceptions=True)
        if self._current is not None:
            await self._retire(self._current, self._watch)
            self._current = None
