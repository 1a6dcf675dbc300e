"""A tenant's people and jobs as arrays, kept in step with the fact store's events: what a
ranking scores, instead of reading thousands of profiles from the graph for every request.

What it holds is what a recruiter may count (live facts the person has not made private), in
the same shapes `quick_score` reads: each linked skill or certification fact as (person, term,
evidence factor, year last used, months, confidence), each linked role as (person, occupation,
...), and per person the dated roles and projects (experience) and best degree (education).
Jobs are kept whole (`JobSpec`).

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
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from graph_schema import GraphStore
from graph_schema import queries as q

from ..events import EVENT_STREAM, generation_key
from .ladder import strength, strength_inputs, strengths
from .profile import UNDATED_ROLE_MONTHS, JobSpec, PersonFact, Profile, role_months, span_months
from .terms import TermCache

__all__ = ["IndexUnavailable", "JobArrays", "MatchIndex", "PeopleArrays"]

_BATCH = 500
INLINE = 20_000
"""Tenants with up to this many people have their arrays built within the first ranking
(about 40 s at 20,000 on 2 cores); larger ones in the background."""
_TENANTS = 16
"""Tenants whose arrays are kept at once (least recently ranked dropped first)."""


class IndexUnavailable(Exception):
    """The arrays cannot be trusted to be current (Redis unreachable): read the graph."""


class _Columns:
    """Growable numpy columns of one row type (amortised appends, rows never move)."""

    def __init__(self, **dtypes: Any) -> None:
        self._dtypes = dtypes
        self.size = 0
        self._data = {name: np.zeros(64, dtype=t) for name, t in dtypes.items()}

    def append(self, rows: dict[str, list[Any]]) -> tuple[int, int]:
        count = len(next(iter(rows.values())))
        need = self.size + count
        if need > len(next(iter(self._data.values()))):
            capacity = max(need, 2 * len(next(iter(self._data.values()))))
            for name, column in self._data.items():
                grown = np.zeros(capacity, dtype=self._dtypes[name])
                grown[: self.size] = column[: self.size]
                self._data[name] = grown
        for name, values in rows.items():
            self._data[name][self.size : need] = values
        start, self.size = self.size, need
        return start, need

    def __getitem__(self, name: str) -> Any:
        return self._data[name][: self.size]

    def keep(self, mask: Any) -> Any:
        """Drop the rows where `mask` is False; returns the new position of every kept row."""
        for name in self._data:
            kept = self[name][mask]
            self._data[name] = np.concatenate(
                [kept, np.zeros(max(64, len(kept)), dtype=self._dtypes[name])]
            )
        self.size = int(mask.sum())
        return np.cumsum(mask) - 1


_FACT_COLUMNS = {
    "person": np.int32,
    "item": np.int32,
    "kind": np.float64,
    "year": np.int32,
    "months": np.int32,
    "confidence": np.float64,
    "strength": np.float64,
    "span": np.float64,
}
"""`span`: for a role, the months it covers (as of the arrays' day)"""


def _fact_columns() -> _Columns:
    return _Columns(**_FACT_COLUMNS)


_PER_PERSON = ("education", "role_months", "any_months", "project_months")


def _person_columns() -> _Columns:
    return _Columns(
        education=np.int32, role_months=np.float64, any_months=np.float64,
        project_months=np.float64,
    )  # fmt: skip


_Dated = tuple[str, str | None, str | None, int | None, str | None]
"""kind, valid from, valid to, months, O*NET id"""


def _dated_fact(dated: _Dated) -> PersonFact:
    kind, valid_from, valid_to, months, onet_id = dated
    return PersonFact("", kind, "", None, onet_id, 1.0, valid_from, valid_to, months, [], [])


@dataclass
class PeopleArrays:
    """One tenant's people as a recruiter counts them, with what a score needs worked out for
    `day` (strengths fade with the years, an ongoing role grows): on another day, everything
    is worked out again once."""

    day: date
    people: list[str | None] = field(default_factory=list)
    """position -> person id (None once removed)"""
    position: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    term_position: dict[str, int] = field(default_factory=dict)
    codes: list[str] = field(default_factory=list)
    code_position: dict[str, int] = field(default_factory=dict)
    skills: _Columns = field(default_factory=_fact_columns)
    """skill and certification facts; `item` is the term's position"""
    roles: _Columns = field(default_factory=_fact_columns)
    """role facts linked to an occupation; `item` is the occupation's position"""
    per_person: _Columns = field(default_factory=_person_columns)
    """by position: best degree, months in dated roles, and in dated roles and projects"""
    rows_of: dict[int, tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=dict)
    """person position -> (skill rows, role rows) now live"""
    dated: dict[int, tuple[_Dated, ...]] = field(default_factory=dict)
    """person position -> their roles and projects (experience is counted up to `day`), as
    plain tuples: the collector does not walk them"""
    dead_rows: int = 0
    _derived: dict[Any, Any] = field(default_factory=dict)

    def put(self, person: str, facts: list[PersonFact]) -> None:
        """The person's countable facts now (replacing what was held)."""
        self.remove(person)
        at = self.position.get(person)
        if at is None:
            at = self.position[person] = len(self.people)
            self.people.append(person)
            self.per_person.append({name: [0] for name in _PER_PERSON})
        self.people[at] = person
        profile = Profile(person, facts)
        skills = [f for f in profile.of_kind("skill", "certification") if f.onet_id]
        roles = [f for f in profile.of_kind("role") if f.onet_id]
        self.rows_of[at] = (
            self.skills.append(self._rows(at, skills, self.terms, self.term_position)),
            self.roles.append(self._rows(at, roles, self.codes, self.code_position)),
        )
        self.dated[at] = tuple(
            (f.kind, f.valid_from, f.valid_to, f.months, f.onet_id)
            for f in profile.of_kind("role", "project")
        )
        self.per_person["education"][at] = profile.education_rank()[0]
        self._count_months(at)

    def remove(self, person: str) -> None:
        at = self.position.get(person)
        if at is None or self.people[at] is None:
            return
        for columns, (start, stop) in zip(
            (self.skills, self.roles), self.rows_of.pop(at), strict=True
        ):
            columns["kind"][start:stop] = 0.0  # a dead row shows nothing
            columns["strength"][start:stop] = 0.0
            columns["span"][start:stop] = 0.0  # nor counts as experience
            self.dead_rows += stop - start
        self.dated.pop(at, None)
        for name in _PER_PERSON:
            self.per_person[name][at] = 0
        self.people[at] = None
        if self.dead_rows > max(10_000, self.skills.size // 2):
            self._compact()

    def on(self, today: date) -> "PeopleArrays":
        """These arrays worked out for `today` (once per day)."""
        if today != self.day:
            self.day = today
            for columns in (self.skills, self.roles):
                columns["strength"][:] = strengths(
                    columns["kind"], columns["year"], columns["months"], columns["confidence"],
                    today,
                )  # fmt: skip
            for at in self.dated:
                self._count_months(at)
        return self

    def _count_months(self, at: int) -> None:
        facts = [_dated_fact(d) for d in self.dated.get(at, ())]
        profile = Profile("", facts)
        undated = UNDATED_ROLE_MONTHS * sum(
            1 for f in profile.of_kind("role") if not span_months(f, self.day)
        )
        self.per_person["role_months"][at] = profile.months_of("role", today=self.day) + undated
        self.per_person["any_months"][at] = (
            profile.months_of("role", "project", today=self.day) + undated
        )
        self.per_person["project_months"][at] = sum(
            span_months(f, self.day) for f in profile.of_kind("project")
        )
        if at in self.rows_of:  # each linked role's own months, in the order of its rows
            start, stop = self.rows_of[at][1]
            spans = [role_months(f, self.day) for f in profile.of_kind("role") if f.onet_id]
            self.roles["span"][start:stop] = spans

    def relevant_months(self, job: JobSpec, entry_level: bool) -> Any:
        """`Profile.experience_months` for everyone: months in the roles that count for the
        job (and projects, entry-level), never more than all of them together."""
        everything = self.months(entry_level)
        if job.occupation_code is None:
            return everything
        counts = np.fromiter((job.counts_as_experience(c) for c in self.codes), dtype=bool,
                             count=len(self.codes))  # fmt: skip
        rows: Any = np.flatnonzero(counts[self.roles["item"]]) if len(self.codes) else []
        counted = np.bincount(
            self.roles["person"][rows], weights=self.roles["span"][rows],
            minlength=len(self.people),
        )  # fmt: skip
        if entry_level:
            counted = counted + self.per_person["project_months"]
        return np.minimum(everything, counted)

    def _compact(self) -> None:
        for i, columns in enumerate((self.skills, self.roles)):
            moved = columns.keep(columns["kind"] > 0)
            for at, spans in list(self.rows_of.items()):
                start, stop = spans[i]
                new = (int(moved[start]), int(moved[stop - 1]) + 1) if stop > start else (0, 0)
                self.rows_of[at] = (new, spans[1]) if i == 0 else (spans[0], new)
        self.dead_rows = 0

    def _rows(
        self, at: int, facts: list[PersonFact], items: list[str], positions: dict[str, int]
    ) -> dict[str, list[Any]]:
        rows: dict[str, list[Any]] = {name: [] for name in _FACT_COLUMNS}
        for fact in facts:
            assert fact.onet_id is not None
            if fact.onet_id not in positions:
                positions[fact.onet_id] = len(items)
                items.append(fact.onet_id)
            values = (
                at, positions[fact.onet_id], *strength_inputs(fact), strength(fact, self.day),
                span_months(fact, self.day),
            )  # fmt: skip
            for name, value in zip(rows, values, strict=True):
                rows[name].append(value)
        return rows

    # --- what a ranking reads -------------------------------------------------------------

    def months(self, entry_level: bool) -> Any:
        """Months of dated roles (and projects, for an entry-level job) per position."""
        return self.per_person["any_months" if entry_level else "role_months"]

    def education_ranks(self) -> Any:
        return self.per_person["education"]

    def once(self, key: Any, make: Any) -> Any:
        """Something worked out from the arrays, kept while `key` holds (terms and
        occupations are only ever added, so their count is a key)."""
        if key not in self._derived:
            self._derived = {k: v for k, v in self._derived.items() if k[0] != key[0]}
            self._derived[key] = make()
        return self._derived[key]

    def units(self, cache: TermCache) -> tuple[Any, dict[str, list[int]]]:
        """The held terms' unit embeddings and commodities (`TermCache.space`)."""
        space: tuple[Any, dict[str, list[int]]]
        space = self.once(("units", len(self.terms)), lambda: cache.space(self.terms))
        return space


@dataclass
class JobArrays:
    """One tenant's jobs, whole."""

    jobs: dict[str, JobSpec] = field(default_factory=dict)
    of_owner: dict[str, set[str]] = field(default_factory=dict)
    version: int = 0
    derived: dict[Any, Any] = field(default_factory=dict)
    """arrays made from the jobs, for the version they were made from"""

    def put(self, owner: str, jobs: list[JobSpec]) -> None:
        for old in self.of_owner.pop(owner, set()):
            self.jobs.pop(old, None)
        for job in jobs:
            self.jobs[job.id] = job
            self.of_owner.setdefault(owner, set()).add(job.id)
        self.version += 1


@dataclass
class _Tenant:
    people: PeopleArrays
    jobs: JobArrays
    generation: int
    cursor: str
    """the last event stream entry applied"""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


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
