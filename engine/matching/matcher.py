"""Matching over the graph, both ways: candidates come through the graph (requirement ->
O*NET term <- fact <- person, within the tenant), then every candidate is scored and ranked.
Scores are deterministic: ties go to the smaller id."""

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import Any

import numpy as np
from pydantic import BaseModel

from graph_schema import GraphStore
from graph_schema import queries as q

from ..cache import AnswerCache
from ..errors import InvalidInput, NotFound
from ..people import Scope
from .index import IndexUnavailable, MatchIndex
from .ladder import Ontology
from .model import Match
from .profile import JobSpec, PersonFact, Profile
from .ranking import Scored, job_table, rank_jobs, rank_people
from .scoring import quick_score, score
from .terms import TermCache
from .weights import Weights

__all__ = ["MAX_FIRST", "MatchPage", "Matcher"]

MAX_FIRST = 100
CANDIDATE_LIMIT = 5000
"""Most people (or jobs) scored for one ranking: the ones sharing the most terms come first."""
_BATCH = 500
log = logging.getLogger(__name__)


class MatchPage(BaseModel):
    items: list[Match]
    total: int
    offset: int
    note: str | None = None
    """Why the list is empty or short, and what to do."""


class Matcher:
    def __init__(
        self,
        store: GraphStore,
        weights: Weights | None = None,
        today: Callable[[], date] = date.today,
        cache: AnswerCache | None = None,
        index: MatchIndex | None = None,
    ) -> None:
        self._store = store
        self.weights = weights or Weights()
        self._today = today
        self._cache = cache
        self._index = index
        """the tenant's people and jobs as arrays; without it (or with Redis unreachable)
        every ranking reads its candidates' facts from the graph"""
        self.terms = index.terms if index else TermCache(store)

    async def _cached(
        self, tenant: str, key: tuple[Any, ...], compute: Callable[[], Awaitable[MatchPage]]
    ) -> MatchPage:
        """The answer filed under the tenant's current generation, else computed and filed."""
        if self._cache is None:
            return await compute()
        full = (*key, self._today().isoformat(), self.weights.model_dump())
        found = await self._cache.get(tenant, *full)
        if found is not None:
            return MatchPage.model_validate_json(found)
        page = await compute()
        await self._cache.put(tenant, page.model_dump_json(), *full)
        return page

    async def match_candidates(
        self,
        tenant: str,
        job_id: str,
        first: int = 20,
        offset: int = 0,
        weights: Weights | None = None,
        min_score: float = 0.0,
    ) -> MatchPage:
        """The tenant's people ranked for a job (a recruiter's view: no private fact counts)."""
        _check_page(first, offset)
        key = ("candidates", job_id, first, offset, weights and weights.model_dump(), min_score)
        return await self._cached(
            tenant,
            key,
            lambda: self._match_candidates(tenant, job_id, first, offset, weights, min_score),
        )

    async def _match_candidates(
        self,
        tenant: str,
        job_id: str,
        first: int,
        offset: int,
        weights: Weights | None,
        min_score: float,
    ) -> MatchPage:
        job = await self._job(tenant, job_id)
        if not job.requirements:
            return MatchPage(items=[], total=0, offset=offset, note=_NO_REQUIREMENTS)
        w = weights or self.weights
        scored = await self._candidates(tenant, job, w)
        ordered = scored.ordered()
        page = scored.page(offset, first, min_score)
        shown = await self.profiles(tenant, [p for p, _ in page], private=False)
        ontology = await self.ontology([job], shown.values())
        items = []
        for person, value in page:  # explained, with the evidence: the page only
            if person not in shown:
                continue  # deleted since it was ranked
            match = score(shown[person], job, ontology, w, self._today())
            match.percentile = _percentile(value, ordered, counted=True)
            items.append(match)
        return MatchPage(items=items, total=scored.total(min_score), offset=offset)

    async def _candidates(self, tenant: str, job: JobSpec, weights: Weights) -> Scored:
        """Every candidate of the job with their score, unexplained: from the index's arrays,
        else through the graph."""
        if self._index is not None:
            try:
                arrays = await self._index.people(tenant)
                await self.terms.load_terms(r.onet_id for r in job.requirements)
                return rank_people(arrays, job, self.terms, weights, self._today())
            except IndexUnavailable:
                log.warning("matching index unavailable; reading candidates from the graph")
        rows = await self._read(
            q.CANDIDATES_FOR_TERMS,
            tenant=tenant,
            terms=[r.onet_id for r in job.requirements],
            limit=CANDIDATE_LIMIT,
        )
        people = [r["person"] for r in rows if r["person"] != job.owner]
        profiles = await self.profiles(tenant, people, private=False, evidence=False)
        ontology = await self.ontology([job], profiles.values())
        today = self._today()
        return Scored.of(
            {
                p: quick_score(profile, job, ontology, weights, today)
                for p, profile in profiles.items()
            }
        )

    async def match_jobs(
        self,
        scope: Scope,
        first: int = 20,
        offset: int = 0,
        weights: Weights | None = None,
        min_score: float = 0.0,
        *,
        private: bool = False,
        percentiles: bool = True,
    ) -> MatchPage:
        """The tenant's jobs ranked for a person; the person's private facts count only when
        `private` (the person asking for themselves). `percentiles`: where the person stands
        among each returned job's candidates (that ranks every job's candidates: leave it out
        when it is not shown)."""
        _check_page(first, offset)
        key = (
            "jobs",
            scope.person,
            first,
            offset,
            weights and weights.model_dump(),
            min_score,
            private,
            percentiles,
        )
        return await self._cached(
            scope.tenant,
            key,
            lambda: self._match_jobs(
                scope, first, offset, weights, min_score, private, percentiles
            ),
        )

    async def _match_jobs(
        self,
        scope: Scope,
        first: int,
        offset: int,
        weights: Weights | None,
        min_score: float,
        private: bool,
        percentiles: bool,
    ) -> MatchPage:
        profiles = await self.profiles(scope.tenant, [scope.person], private=private)
        profile = profiles.get(scope.person)
        if profile is None:
            if not await self._read(q.PERSON, **scope.params):
                raise NotFound(
                    f"no person {scope.person!r} in this tenant",
                    "check the id: person(id) returns null for an unknown person",
                )
            return MatchPage(items=[], total=0, offset=offset, note=_NO_FACTS)
        terms = sorted({f.onet_id for f in profile.of_kind("skill", "certification") if f.onet_id})
        if not terms:
            return MatchPage(items=[], total=0, offset=offset, note=_NO_FACTS)
        w = weights or self.weights
        today = self._today()
        scored, by_id = await self._jobs_for(scope, profile, terms, w)
        page = scored.page(offset, first, min_score)
        ontology = await self.ontology([by_id[j] for j, _ in page], [profile])
        items = []
        for job_id, value in page:
            match = score(profile, by_id[job_id], ontology, w, today)
            if percentiles:  # where the person stands among the job's candidates
                others = await self._candidates(scope.tenant, by_id[job_id], w)
                ordered = others.without(scope.person).ordered()
                match.percentile = _percentile(value, ordered, counted=False)
            items.append(match)
        return MatchPage(items=items, total=scored.total(min_score), offset=offset)

    async def _jobs_for(
        self, scope: Scope, profile: Profile, terms: list[str], weights: Weights
    ) -> tuple[Scored, dict[str, JobSpec]]:
        """Every job the person's facts reach with the person's score for it, unexplained:
        from the index's arrays, else through the graph."""
        today = self._today()
        if self._index is not None:
            try:
                table = await job_table(await self._index.jobs(scope.tenant), self.terms)
                await self.terms.load_terms(terms)
                await self.terms.load_occupations(
                    {f.onet_id for f in profile.of_kind("role") if f.onet_id}
                )
                scored = rank_jobs(table, profile, self.terms, weights, today)
                return scored, {table.ids[at]: table.jobs[at] for at in scored.at}
            except IndexUnavailable:
                log.warning("matching index unavailable; reading jobs from the graph")
        rows = await self._read(
            q.JOBS_FOR_TERMS, tenant=scope.tenant, terms=terms, limit=CANDIDATE_LIMIT
        )
        jobs = await self.jobs(scope.tenant, [r["job"] for r in rows])
        jobs = [j for j in jobs if j.owner != scope.person]
        ontology = await self.ontology(jobs, [profile])
        scored = Scored.of({j.id: quick_score(profile, j, ontology, weights, today) for j in jobs})
        return scored, {j.id: j for j in jobs}

    # --- reads ------------------------------------------------------------------------------

    async def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)

    async def _job(self, tenant: str, job_id: str) -> JobSpec:
        jobs = await self.jobs(tenant, [job_id])
        if not jobs:
            raise NotFound(
                f"no job {job_id!r} in this tenant",
                "upload a job description or use createJob, then use the id returned",
            )
        return jobs[0]

    async def jobs(self, tenant: str, ids: list[str]) -> list[JobSpec]:
        found = []
        for chunk in _chunks(ids):
            rows = await self._read(q.JOB_REQUIREMENTS_FOR_MATCH, tenant=tenant, jobs=chunk)
            found += [JobSpec.from_row(r) for r in rows]
        return found

    async def profiles(
        self, tenant: str, people: list[str], *, private: bool, evidence: bool = True
    ) -> dict[str, Profile]:
        """People's countable facts; without `evidence`, only the kinds of their evidence
        (enough for a score, and far less to read for thousands of candidates)."""
        query = q.PEOPLE_FACTS_FOR_MATCH if evidence else q.PEOPLE_FACTS_FOR_SCORING
        profiles: dict[str, Profile] = {}
        for chunk in _chunks(people):
            rows = await self._read(query, tenant=tenant, people=chunk, private=private)
            for row in rows:
                profiles.setdefault(row["person"], Profile(row["person"])).facts.append(
                    PersonFact.from_row(row)
                )
        return profiles

    async def ontology(self, jobs: list[JobSpec], profiles: Iterable[Profile]) -> Ontology:
        ids = {r.onet_id for j in jobs for r in j.requirements}
        codes: set[str] = set()
        for profile in profiles:
            ids |= {f.onet_id for f in profile.of_kind("skill", "certification") if f.onet_id}
            codes |= {f.onet_id for f in profile.of_kind("role") if f.onet_id}
        return await self.terms.ontology(ids, codes)


_NO_REQUIREMENTS = (
    "the job lists no skill linked to O*NET, so nobody can be matched on skills: add the "
    "skills it needs to its description and upload it again"
)
_NO_FACTS = "the person has no skill linked to O*NET yet: upload a CV or answer the interview first"


def _check_page(first: int, offset: int) -> None:
    if not 1 <= first <= MAX_FIRST:
        raise InvalidInput(
            f"first must be between 1 and {MAX_FIRST}, not {first}",
            "ask for a page of at most 100 and follow the cursor for more",
        )
    if offset < 0:
        raise InvalidInput(
            "the cursor is not one this API gave out", "leave `after` out to start from the top"
        )


def _percentile(value: float, ordered: Any, *, counted: bool) -> float | None:
    """Share of the other candidates scored below `value`, ties counted half; `counted`: the
    sorted scores include this candidate's own (taken out once)."""
    others = len(ordered) - (1 if counted else 0)
    if others <= 0:
        return None
    below = int(np.searchsorted(ordered, value, side="left"))
    ties = int(np.searchsorted(ordered, value, side="right")) - below - (1 if counted else 0)
    return round(100 * (below + 0.5 * ties) / others, 1)


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _BATCH] for i in range(0, len(items), _BATCH)]
