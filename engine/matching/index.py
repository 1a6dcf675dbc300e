"""Keeping a tenant's arrays (`arrays`) in step with the fact store's events, so a ranking
scores them instead of reading thousands of profiles from the graph for every request.

Freshness: a tenant's arrays remember the tenant's generation (bumped with every event, see
`engine.events`) and the last stream entry they applied. A ranking first compares the
generation (one Redis read); when it moved, the new entries of the event stream name the
people whose facts or jobs changed, and only those are read again. An entry without a person
(a person deleted) makes the arrays drop whoever is gone; a stream trimmed past what was
applied, or Redis unreachable, makes them build again from the graph. Nothing here is
persisted: the arrays are built from the graph on the first ranking after a start.
"""

import asyncio
import gc
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from graph_schema import GraphStore
from graph_schema import queries as q

from ..events import EVENT_STREAM, generation_key
from .arrays import JobArrays, PeopleArrays
from .profile import JobSpec, PersonFact
from .terms import TermCache

__all__ = ["INLINE", "IndexUnavailable", "MatchIndex"]

_BATCH = 500
INLINE = 20_000
"""Tenants with up to this many people have their arrays built within the first ranking
(about 40 s at 20,000 on 2 cores); larger ones in the background."""
_TENANTS = 16
"""Tenants whose arrays are kept at once (least recently ranked dropped first)."""


class IndexUnavailable(Exception):
    """The arrays cannot be trusted to be current (Redis unreachable): read the graph."""


@dataclass
class _Tenant:
    people: PeopleArrays
    jobs: JobArrays
    generation: int
    cursor: str
    """the last event stream entry applied"""


class MatchIndex:
    def __init__(
        self, store: GraphStore, redis: aioredis.Redis, terms: TermCache, inline: int = INLINE
    ) -> None:
        self._store = store
        self._redis = redis
        self.terms = terms
        self._tenants: OrderedDict[str, _Tenant] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}
        self._building: dict[str, asyncio.Task[_Tenant]] = {}
        self._inline = inline

    async def people(self, tenant: str) -> PeopleArrays:
        return (await self._current(tenant)).people

    async def jobs(self, tenant: str) -> JobArrays:
        return (await self._current(tenant)).jobs

    def forget(self, tenant: str) -> None:
        self._tenants.pop(tenant, None)

    async def _current(self, tenant: str) -> _Tenant:
        lock = self._locks.setdefault(tenant, asyncio.Lock())
        async with lock:
            try:
                held = self._tenants.get(tenant)
                if held is None:
                    held = await self._built(tenant)
                await self._catch_up(tenant, held)
            except RedisError as e:
                self.forget(tenant)
                raise IndexUnavailable(str(e)) from e
            self._tenants[tenant] = held
            self._tenants.move_to_end(tenant)
            while len(self._tenants) > _TENANTS:
                self._tenants.popitem(last=False)
            return held

    async def _built(self, tenant: str) -> _Tenant:
        """A small tenant's arrays are built at once; a large one's in the background, and
        until they are ready its rankings read the graph (IndexUnavailable)."""
        task = self._building.get(tenant)
        if task is None:
            people = [r["id"] for r in await self._read(q.INDEX_PEOPLE, tenant=tenant)]
            if len(people) <= self._inline:
                return await self._build(tenant, people)
            task = asyncio.get_running_loop().create_task(self._build(tenant, people))
            self._building[tenant] = task
        if not task.done():
            raise IndexUnavailable("the matching index of this tenant is being built")
        del self._building[tenant]
        return task.result()  # a failed build raises here, and the next ranking tries again

    async def _generation(self, tenant: str) -> int:
        return int(await self._redis.get(generation_key(tenant)) or 0)

    async def _build(self, tenant: str, people: list[str] | None = None) -> _Tenant:
        # what was applied is noted first: an event during the build is applied again after
        generation = await self._generation(tenant)
        last = await self._redis.xrevrange(EVENT_STREAM, count=1)
        cursor = _text(last[0][0]) if last else "0-0"
        held = _Tenant(PeopleArrays(date.today()), JobArrays(), generation, cursor)
        if people is None:
            people = [r["id"] for r in await self._read(q.INDEX_PEOPLE, tenant=tenant)]
        for chunk in _chunks(people):
            await self._reread(tenant, held, chunk)
        await self.terms.load_terms(held.people.terms)
        await self.terms.load_occupations(held.people.codes)
        # Hundreds of thousands of long-lived objects (jobs, terms): out of the collector's
        # way, a full collection does not walk them every few rankings (70 ms at 10,000 jobs).
        # They hold no reference cycles, so freezing them leaks nothing when they are dropped.
        gc.freeze()
        return held

    async def _catch_up(self, tenant: str, held: _Tenant) -> None:
        generation = await self._generation(tenant)
        if generation == held.generation:
            return
        first = await self._redis.xrange(EVENT_STREAM, count=1)
        if first and _key(_text(first[0][0])) > _key(held.cursor) and held.cursor != "0-0":
            fresh = await self._build(tenant)  # entries it has not applied were trimmed away
            held.people, held.jobs, held.cursor = fresh.people, fresh.jobs, fresh.cursor
            held.generation = fresh.generation
            return
        changed: set[str] = set()
        someone_left = False
        cursor = held.cursor
        while True:
            entries = await self._redis.xrange(EVENT_STREAM, min=f"({cursor}", count=5000)
            if not entries:
                break
            for entry_id, entry in entries:
                fields = entry or {}
                cursor = _text(entry_id)
                if _text(fields.get(b"tenant", fields.get("tenant"))) != tenant:
                    continue
                person = _text(fields.get(b"person", fields.get("person")))
                if person:
                    changed.add(person)
                else:
                    someone_left = True
        if someone_left:
            live = {r["id"] for r in await self._read(q.INDEX_PEOPLE, tenant=tenant)}
            for person in [p for p in held.people.position if p not in live]:
                held.people.remove(person)
                held.jobs.put(person, [])
        for chunk in _chunks(sorted(changed)):
            await self._reread(tenant, held, chunk)
        await self.terms.load_terms(held.people.terms)
        await self.terms.load_occupations(held.people.codes)
        held.cursor, held.generation = cursor, generation

    async def _reread(self, tenant: str, held: _Tenant, people: list[str]) -> None:
        facts: dict[str, list[PersonFact]] = {p: [] for p in people}
        rows = await self._read(
            q.PEOPLE_FACTS_FOR_SCORING, tenant=tenant, people=people, private=False
        )
        for row in rows:
            facts[row["person"]].append(PersonFact.from_row(row))
        live = {r["id"] for r in await self._read(q.PEOPLE_LIVE, tenant=tenant, people=people)}
        jobs: dict[str, list[JobSpec]] = {p: [] for p in people}
        ids = [r["id"] for r in await self._read(q.JOBS_OF_PEOPLE, tenant=tenant, people=people)]
        for chunk in _chunks(ids):
            for row in await self._read(q.JOB_REQUIREMENTS_FOR_MATCH, tenant=tenant, jobs=chunk):
                job = JobSpec.from_row(row)
                jobs.setdefault(job.owner, []).append(job)
        for person in people:
            if person in live:
                held.people.put(person, facts[person])
            else:
                held.people.remove(person)
            held.jobs.put(person, jobs.get(person, []))

    async def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _BATCH] for i in range(0, len(items), _BATCH)]


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value or "")


def _key(entry: str) -> tuple[int, int]:
    ms, _, seq = entry.partition("-")
    return int(ms), int(seq or 0)
