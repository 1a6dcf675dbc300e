"""`insights(person, goal)`: hidden strengths, career paths, transfer toward a goal, and the
skills that would raise the person's matches with the tenant's jobs the most."""

from collections import Counter
from datetime import date
from typing import Any

from graph_schema import GraphStore
from graph_schema import queries as q

from ..errors import NotFound
from ..matching import Matcher
from ..matching.ladder import IMPORTANT
from ..matching.profile import PersonFact, Profile
from ..matching.scoring import MET, quick_score, score
from ..people import Scope
from ..ratings import important_elements
from ..search import Search
from .hidden import Evidence, hidden_strengths
from .model import CareerPath, HiddenStrength, Insights, Recommendation
from .paths import career_paths, transfer

__all__ = ["Advisor"]

_JOBS = 100
"""Most of the tenant's jobs weighed for recommendations."""
_TRIED = 10
"""Most missing skills tried as recommendations (the most often missing first)."""


class Advisor:
    def __init__(self, store: GraphStore, matcher: Matcher, search: Search) -> None:
        self._store = store
        self._matcher = matcher
        self._search = search
        self._element_spread: dict[str, int] | None = None
        """element id -> occupations rating it important (O*NET is read once per process)"""
        self._rated = 0

    async def insights(
        self, scope: Scope, goal: str | None = None, *, private: bool = False
    ) -> Insights:
        profile = (await self._matcher.profiles(scope.tenant, [scope.person], private=private)).get(
            scope.person
        )
        if profile is None:
            if not await self._read(q.PERSON, **scope.params):
                raise NotFound(
                    f"no person {scope.person!r} in this tenant",
                    "check the id: person(id) returns null for an unknown person",
                )
            return Insights(
                person_id=scope.person,
                occupations=[],
                hidden_strengths=[],
                career_paths=[],
                recommendations=[],
                note="no facts yet: upload a CV or answer the interview first",
            )
        current = _occupations(profile)
        goal_code = await self._goal(goal)
        edges = await self.related(current)
        codes = sorted(set(current) | {e[1] for e in edges} | ({goal_code} if goal_code else set()))
        evidence = await self.evidence(codes, profile)
        if goal_code and goal_code not in evidence.titles:
            raise NotFound(
                f"no occupation {goal_code!r} in O*NET",
                "give an O*NET-SOC code (15-1252.00) or a job title",
            )
        return Insights(
            person_id=scope.person,
            occupations=[evidence.titles.get(c, c) for c in current],
            hidden_strengths=hidden_strengths(profile, evidence),
            career_paths=career_paths(profile, current, edges, evidence),
            transfer=transfer(profile, goal_code, evidence) if goal_code else None,
            recommendations=await self._recommendations(scope, profile),
            note=None
            if current
            else "no role linked to an O*NET occupation: career paths "
            "need one (add a role with its title)",
        )

    async def hidden(self, profile: Profile, limit: int = 10) -> list[HiddenStrength]:
        """The hidden strengths of a profile (the benchmark takes facts away first)."""
        evidence = await self.evidence(_occupations(profile), profile)
        return hidden_strengths(profile, evidence, limit)

    async def paths(
        self, profile: Profile, current: list[str], limit: int = 10
    ) -> list[CareerPath]:
        """Career paths from these occupations (the benchmark starts from an earlier role)."""
        edges = await self.related(current)
        evidence = await self.evidence(sorted(set(current) | {e[1] for e in edges}), profile)
        return career_paths(profile, current, edges, evidence, limit)

    async def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)

    async def _goal(self, goal: str | None) -> str | None:
        return await self._search.occupation_code(goal) if goal else None

    async def related(self, current: list[str]) -> list[tuple[str, str, str, int]]:
        """O*NET's related occupations, two steps out from the person's."""
        edges: list[tuple[str, str, str, int]] = []
        frontier, seen = list(current), set(current)
        for _ in range(2):
            if not frontier:
                break
            rows = await self._read(q.RELATED_OCCUPATIONS_OF, codes=frontier)
            edges += [
                (r["source"], r["target"], r["tier"] or "", int(r["rank"] or 0)) for r in rows
            ]
            frontier = sorted({r["target"] for r in rows} - seen)
            seen |= set(frontier)
        return edges

    async def evidence(self, codes: list[str], profile: Profile) -> Evidence:
        evidence = Evidence()
        for row in await self._read(q.OCCUPATION_SUMMARY, codes=codes):
            evidence.titles[row["code"]] = row["title"]
            evidence.zones[row["code"]] = int(row["zone"]) if row["zone"] is not None else None
        evidence.elements, evidence.borrowed = await important_elements(
            self._store, codes, IMPORTANT
        )
        for row in await self._read(q.OCCUPATION_TECHNOLOGIES_FOR, codes=codes):
            evidence.technologies.setdefault(row["code"], {})[row["id"]] = (
                row["name"],
                bool(row["hot"] or row["in_demand"]),
            )
        if self._element_spread is None:
            rows = await self._read(q.ELEMENT_SPREAD, importance=IMPORTANT)
            self._element_spread = {r["id"]: int(r["occupations"]) for r in rows}
            rated = await self._read(q.RATED_OCCUPATIONS)
            self._rated = int(rated[0]["occupations"]) if rated else 0
        evidence.element_spread, evidence.rated_occupations = self._element_spread, self._rated
        mine = sorted({f.onet_id for f in profile.of_kind("skill", "certification") if f.onet_id})
        neighbours = await self._read(q.TECHNOLOGY_NEIGHBOURS, ids=mine) if mine else []
        for row in neighbours:
            evidence.together[(row["source"], row["id"])] = int(row["together"])
            evidence.names[row["id"]] = row["name"]
        # the technologies of the person's own occupations (hidden strengths weigh their spread)
        held = {
            t
            for f in profile.of_kind("role")
            for t in evidence.technologies.get(f.onet_id or "", {})
        }
        ids = sorted(set(mine) | {r["id"] for r in neighbours} | held)
        for row in await self._read(q.TECHNOLOGY_SPREAD, ids=ids) if ids else []:
            evidence.spread[row["id"]] = int(row["occupations"])
        return evidence

    async def _recommendations(self, scope: Scope, profile: Profile) -> list[Recommendation]:
        rows = await self._read(q.TENANT_JOBS, tenant=scope.tenant, limit=_JOBS)
        jobs = [
            j
            for j in await self._matcher.jobs(scope.tenant, [r["id"] for r in rows])
            if j.owner != scope.person
        ]
        if not jobs:
            return []
        ontology = await self._matcher.ontology(jobs, [profile])
        today, weights = date.today(), self._matcher.weights
        base = {j.id: score(profile, j, ontology, weights, today) for j in jobs}
        missing: Counter[str] = Counter()
        names: dict[str, str] = {}
        for match in base.values():
            for skill in match.skills:
                if skill.credit < MET:
                    missing[skill.onet_id] += 1
                    names[skill.onet_id] = skill.name
        found = []
        for onet_id, _ in sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))[:_TRIED]:
            learned = Profile(profile.person, [*profile.facts, _learned(onet_id, names[onet_id])])
            gains = [
                quick_score(learned, j, ontology, weights, today) - base[j.id].score for j in jobs
            ]
            improved = [g for g in gains if g > 0]
            if improved:
                found.append(
                    Recommendation(
                        onet_id=onet_id,
                        name=names[onet_id],
                        jobs_improved=len(improved),
                        average_gain=round(sum(improved) / len(improved), 2),
                    )
                )
        found.sort(key=lambda r: (-r.jobs_improved * r.average_gain, r.name))
        return found[:5]


def _occupations(profile: Profile) -> list[str]:
    """The person's occupations, the most recent role's first."""
    roles = sorted(
        profile.of_kind("role"),
        key=lambda f: (f.valid_to is None, f.valid_to or "", f.valid_from or ""),
        reverse=True,
    )
    return list(dict.fromkeys(f.onet_id for f in roles if f.onet_id))


def _learned(onet_id: str, name: str) -> PersonFact:
    """The skill as if the person showed it in a project: what a recommendation is worth."""
    return PersonFact(
        id=f"if-learned:{onet_id}",
        kind="skill",
        value=name,
        normalized=name,
        onet_id=onet_id,
        confidence=1.0,
        valid_from=None,
        valid_to=None,
        months=None,
        evidence=[],
        kinds=["project"],
    )
