"""Jobs read from job descriptions: a job says what it asks for, not what a person can do."""

from typing import Any

from graph_schema import GraphStore
from graph_schema import queries as q

from .documents.job_quality import QualityReport, assess
from .documents.jobs import JobPosting
from .matching.weights import level_of
from .people import Scope, stable_id
from .profile_models import JobInfo
from .search import Search

__all__ = ["JobStore"]


TITLE_SEARCH_MIN = 0.7
"""Search score from which the closest O*NET occupation to a job title that O*NET does not
list stands for the job (IT Project Manager -> Information Technology Project Managers at
0.98; Senior Backend Engineer -> Computer Hardware Engineers at 0.57 is left out)."""


class JobStore:
    def __init__(self, store: GraphStore, search: Search | None = None) -> None:
        self._store = store
        self._search = search

    @staticmethod
    def job_id(scope: Scope, document: str) -> str:
        return stable_id(scope.tenant, scope.person, "job", document)

    async def record(
        self, scope: Scope, document: str, job: JobPosting, text: str | None = None
    ) -> str:
        job_id = self.job_id(scope, document)
        if job.occupation_code is None and job.title and self._search is not None:
            hit = await self._search.title_occupation(job.title)
            if hit is not None and hit.score >= TITLE_SEARCH_MIN:
                job = job.model_copy(update={"occupation_code": hit.code, "occupation": hit.title})
        props = job.model_dump(mode="json", exclude={"skills"})
        level = level_of(job.title, job.experience_min, job.experience_max)
        props["seniority"] = level.value
        if text is not None:
            report = assess(text, job, level_of(job.title, None, None).value,
                            await self._job_zone(job.occupation_code))  # fmt: skip
            props["quality_score"] = report.score
            props["quality"] = report.model_dump_json()
        props["other_skills"] = sorted({s.value for s in job.skills if not s.onet_id})
        await self._store.execute(
            q.UPSERT_JOB, {**scope.params, "id": job_id, "document": document, "props": props}
        )
        await self._store.execute(q.CLEAR_JOB_REQUIREMENTS, {"tenant": scope.tenant, "id": job_id})
        best: dict[str, dict[str, Any]] = {}
        for skill in job.skills:
            if skill.onet_id and (
                skill.onet_id not in best or skill.required > best[skill.onet_id]["required"]
            ):
                best[skill.onet_id] = skill.model_dump(mode="json")
        if best:
            await self._store.execute(
                q.JOB_REQUIREMENTS,
                {"tenant": scope.tenant, "id": job_id, "rows": list(best.values())},
            )
        return job_id

    async def job(self, tenant: str, job: str) -> JobInfo | None:
        """A job of the tenant, by id (the caller checks whose upload it was)."""
        rows = await self._store.execute(q.JOB, {"tenant": tenant, "id": job}, read_only=True)
        if not rows:
            return None
        row = dict(rows[0])
        quality = row.pop("quality", None)
        return JobInfo(**row, quality=QualityReport.model_validate_json(quality) if quality
                       else None)  # fmt: skip

    async def _job_zone(self, code: str | None) -> int | None:
        if code is None:
            return None
        rows = await self._store.execute(q.OCCUPATION_JOB_ZONE, {"code": code}, read_only=True)
        return int(rows[0]["zone"]) if rows and rows[0]["zone"] is not None else None
