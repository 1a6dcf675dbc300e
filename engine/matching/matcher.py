"""Matching over the graph, both ways: candidates come through the graph (requirement ->
O*NET term <- fact <- person, within the tenant), then every candidate is scored and ranked.
Scores are deterministic: ties go to the smaller id."""

from bisect import bisect_left, bisect_right
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from typing import Any

from pydantic import BaseModel

from graph_schema import GraphStore
from graph_schema import queries as q

from ..cache import AnswerCache
from ..errors import InvalidInput, NotFound
from ..people import Scope
from ..ratings import important_elements
from .ladder import IMPORTANT, Ontology, Term
from .model import Match
from .profile import JobSpec, PersonFact, Profile
from .scoring import score
from .weights import Weights

__all__ = ["MAX_FIRST", "MatchPage", "Matcher"]

MAX_FIRST = 100
CANDIDATE_LIMIT = 5000
"""Most people (or jobs) scored for one ranking: the ones sharing the most terms come first."""
_BATCH = 500


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
    ) -> None:
        self._store = store
        self.weights = weights or Weights()
        self._today = today
        self._cache = cache

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
        rows = await self._read(
            q.CANDIDATES_FOR_TERMS,
            tenant=tenant,
            terms=[r.onet_id for r in job.requirements],
            limit=CANDIDATE_LIMIT,
        )
        people = [r["person"] for r in rows if r["person"] != job.owner]
        profiles = await self.profiles(tenant, people, private=False)
        ontology = await self.ontology([job], profiles.values())
        matches = self._ranked(
            [
                score(p, job, ontology, weights or self.weights, self._today())
                for p in profiles.values()
            ]
        )
        _percentiles(matches)
        return _page(matches, first, offset, min_score)

    async def match_jobs(
        self,
        scope: Scope,
        first: int = 20,
        offset: int = 0,
        weights: Weights | None = None,
        min_score: float = 0.0,
        *,
        private: bool = False,
    ) -> MatchPage:
        """The tenant's jobs ranked for a person; the person's private facts count only when
        `private` (the person asking for themselves)."""
        _check_page(first, offset)
        key = (
            "jobs",
            scope.person,
            first,
            offset,
            weights and weights.model_dump(),
            min_score,
            private,
        )
        return await self._cached(
            scope.tenant,
            key,
            lambda: self._match_jobs(scope, first, offset, weights, min_score, private),
        )

    async def _match_jobs(
        self,
        scope: Scope,
        first: int,
        offset: int,
        weights: Weights | None,
        min_score: float,
        private: bool,
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
        rows = await self._read(
            q.JOBS_FOR_TERMS, tenant=scope.tenant, terms=terms, limit=CANDIDATE_LIMIT
        )
        jobs = await self.jobs(scope.tenant, [r["job"] for r in rows])
        jobs = [j for j in jobs if j.owner != scope.person]
        ontology = await self.ontology(jobs, [profile])
        w = weights or self.weights
        matches = self._ranked([score(profile, j, ontology, w, self._today()) for j in jobs])
        page = _page(matches, first, offset, min_score)
        for match in page.items:  # where the person stands among each job's candidates
            others = await self.match_candidates(scope.tenant, match.job_id, MAX_FIRST, 0, w)
            scores = [m.score for m in others.items if m.person_id != scope.person]
            match.percentile = _percentile(match.score, scores)
        return page

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
        self, tenant: str, people: list[str], *, private: bool
    ) -> dict[str, Profile]:
        profiles: dict[str, Profile] = {}
        for chunk in _chunks(people):
            rows = await self._read(
                q.PEOPLE_FACTS_FOR_MATCH, tenant=tenant, people=chunk, private=private
            )
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
        ontology = Ontology()
        for chunk in _chunks(sorted(ids)):
            for row in await self._read(q.SKILL_TERMS_FOR_MATCH, ids=chunk):
                term = ontology.terms.get(row["id"])
                if term is None:
                    term = Term(
                        row["id"],
                        row["name"],
                        list(row["labels"] or []),
                        vector=_vector(row["embedding"]),
                    )
                    ontology.terms[row["id"]] = term
                if row["category"]:
                    term.categories[row["category"]] = row["category_title"] or ""
        for chunk in _chunks(sorted(codes)):
            rated, borrowed = await important_elements(self._store, chunk, IMPORTANT)
            for code, elements in rated.items():
                ontology.important[code] = {e: i for e, (_, i) in elements.items()}
            ontology.borrowed |= borrowed
            titles = sorted(set(chunk) | set(borrowed.values()))
            for row in await self._read(q.OCCUPATION_SUMMARY, codes=titles):
                ontology.occupation_titles[row["code"]] = row["title"]
        return ontology

    @staticmethod
    def _ranked(matches: list[Match]) -> list[Match]:
        return sorted(matches, key=lambda m: (-m.score, m.person_id, m.job_id))


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


def _page(matches: list[Match], first: int, offset: int, min_score: float) -> MatchPage:
    kept = [m for m in matches if m.score >= min_score]
    return MatchPage(items=kept[offset : offset + first], total=len(kept), offset=offset)


def _percentiles(matches: list[Match]) -> None:
    """Each candidate against all the others (ties counted half)."""
    ordered = sorted(m.score for m in matches)
    others = len(ordered) - 1
    for match in matches:
        if others == 0:
            continue
        below = bisect_left(ordered, match.score)
        ties = bisect_right(ordered, match.score) - below - 1
        match.percentile = round(100 * (below + 0.5 * ties) / others, 1)


def _percentile(value: float, others: list[float]) -> float | None:
    """Share of the others scored below, ties counted half."""
    if not others:
        return None
    below = sum(s < value for s in others) + 0.5 * sum(s == value for s in others)
    return round(100 * below / len(others), 1)


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _BATCH] for i in range(0, len(items), _BATCH)]


def _vector(value: Any) -> list[float] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [float(x) for x in value.strip("<>[]").split(",") if x.strip()]
    return [float(x) for x in value]
