"""A goal as the matching engine reads it: a job of the tenant as it is, or a target
occupation as a job made of what O*NET says it needs (its important skills and knowledge,
required from importance 4 of 5; its hot technologies, preferred)."""

from dataclasses import dataclass, field
from typing import Any

from engine import InvalidInput, NotFound
from engine.matching import IMPORTANT, JobSpec, Matcher, Requirement
from engine.search import Search
from graph_schema import GraphStore
from graph_schema import queries as q

from .model import Goal, GoalKind

__all__ = ["GoalSpec", "Goals"]

REQUIRED_IMPORTANCE = 4.0
"""O*NET importance (1-5) from which a goal occupation's element counts as required"""
_ELEMENTS = 12
_TECHNOLOGIES = 8
_WORK_STYLES = 3
WORK_STYLE_IMPORTANCE = 4.0


@dataclass
class GoalSpec:
    goal: Goal
    job: JobSpec
    importance: dict[str, float] = field(default_factory=dict)
    """requirement id -> 0-1: how much the goal needs it"""
    work_styles: list[tuple[str, str, float]] = field(default_factory=list)
    """(id, name, importance 0-1) the goal occupation rates high"""


class Goals:
    def __init__(self, store: GraphStore, matcher: Matcher, search: Search) -> None:
        self._store = store
        self._matcher = matcher
        self._search = search
        self._occupations: dict[str, GoalSpec] = {}
        self._work_styles: dict[str, list[tuple[str, str, float]]] = {}
        """occupation goals and work styles, read once: O*NET changes only when a release is
        loaded (which starts the service again); at most one entry per occupation"""

    async def resolve(self, tenant: str, goal: str) -> Goal:
        """An O*NET-SOC code, a job id of the tenant, or a job title (the closest occupation)."""
        text = " ".join(goal.split())
        if not text or len(text) > 200:
            raise InvalidInput(
                "a goal is an occupation code, a job title or a job id (at most 200 characters)",
                'e.g. goal: "15-1252.00", "data analyst" or the id of a job in your tenant',
            )
        jobs = await self._matcher.jobs(tenant, [text])
        if jobs:
            return Goal(kind=GoalKind.JOB, id=jobs[0].id, title=jobs[0].title or "this job")
        code = await self._search.occupation_code(text)
        rows = await self._read(q.OCCUPATION_SUMMARY, codes=[code])
        if not rows:
            raise NotFound(f"no occupation {code!r} in O*NET", "search occupations for the code")
        return Goal(kind=GoalKind.OCCUPATION, id=code, title=str(rows[0]["title"]))

    async def spec(self, tenant: str, goal: Goal) -> GoalSpec:
        if goal.kind is GoalKind.JOB:
            jobs = await self._matcher.jobs(tenant, [goal.id])
            if not jobs:
                raise NotFound(f"the job {goal.id!r} is gone", "start again with another goal")
            job = jobs[0]
            importance = {r.onet_id: 1.0 if r.required else 0.6 for r in job.requirements}
            styles = await self._styles(job.occupation_code) if job.occupation_code else []
            return GoalSpec(goal, job, importance, styles)
        spec = self._occupations.get(goal.id)
        if spec is None:
            spec = self._occupations[goal.id] = await self._occupation(goal)
        return spec

    async def _occupation(self, goal: Goal) -> GoalSpec:
        rows = await self._read(q.OCCUPATION_ELEMENTS_FOR, codes=[goal.id], importance=IMPORTANT)
        rows.sort(key=lambda r: (-float(r["importance"]), r["name"]))
        requirements, importance = [], {}
        for row in rows[:_ELEMENTS]:
            value = float(row["importance"])
            requirements.append(_requirement(row, value >= REQUIRED_IMPORTANCE))
            importance[row["id"]] = round(value / 5, 3)
        technologies = await self._read(q.OCCUPATION_TECHNOLOGIES_FOR, codes=[goal.id])
        hot = sorted(
            (r for r in technologies if r["hot"] or r["in_demand"]),
            key=lambda r: (not r["in_demand"], r["name"]),
        )
        for row in hot[:_TECHNOLOGIES]:
            if row["id"] not in importance:
                requirements.append(_requirement(row, False))
                importance[row["id"]] = 0.6
        job = JobSpec(
            id=f"occupation:{goal.id}",
            owner="",
            document_id=None,
            title=goal.title,
            occupation_code=goal.id,
            experience_min=None,
            experience_max=None,
            education=None,
            requirements=requirements,
        )
        return GoalSpec(goal, job, importance, await self._styles(goal.id))

    async def _styles(self, code: str) -> list[tuple[str, str, float]]:
        found = self._work_styles.get(code)
        if found is None:
            found = self._work_styles[code] = await self._read_styles(code)
        return found

    async def _read_styles(self, code: str) -> list[tuple[str, str, float]]:
        rows = await self._read(
            q.OCCUPATION_WORK_STYLES,
            code=code,
            importance=WORK_STYLE_IMPORTANCE,
            limit=_WORK_STYLES,
        )
        return [(r["id"], r["name"], round(float(r["importance"]) / 5, 3)) for r in rows]

    async def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)


def _requirement(row: dict[str, Any], required: bool) -> Requirement:
    return Requirement(row["id"], row["name"], required, None, None, None, None)
