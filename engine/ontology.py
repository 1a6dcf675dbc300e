"""Reading the ontology: one occupation and its ratings, technologies, relations and titles."""

from typing import Any

from graph_schema import GraphStore, Label, Rel
from graph_schema import queries as q

from .models import (
    JobZoneInfo,
    LabelCount,
    OccupationDetail,
    OntologyInfo,
    Page,
    RatedElement,
    RelatedOccupation,
    TechnologyUse,
    TitleInfo,
)

__all__ = ["ONTOLOGY_LABELS", "OntologyReader"]

ONTOLOGY_LABELS: tuple[Label, ...] = (
    Label.OCCUPATION,
    Label.TITLE,
    Label.SKILL,
    Label.KNOWLEDGE,
    Label.WORK_STYLE,
    Label.WORK_VALUE,
    Label.INTEREST,
    Label.ABILITY,
    Label.WORK_ACTIVITY,
    Label.TECHNOLOGY,
    Label.TOOL,
    Label.TECHNOLOGY_CATEGORY,
    Label.JOB_ZONE,
    Label.EDUCATION_CATEGORY,
    Label.TASK,
    Label.ALIAS,
)


class OntologyReader:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return await self._store.execute(query, params, read_only=True)

    async def _count(self, query: str, **params: Any) -> int:
        rows = await self._rows(query, **params)
        return int(rows[0]["count"]) if rows else 0

    async def occupation(self, code: str) -> OccupationDetail | None:
        rows = await self._rows(q.OCCUPATION, code=code)
        return OccupationDetail(**rows[0]) if rows else None

    async def skills(self, code: str, first: int, offset: int) -> Page[RatedElement]:
        return await self._elements(code, Rel.REQUIRES_SKILL, first, offset)

    async def knowledge(self, code: str, first: int, offset: int) -> Page[RatedElement]:
        return await self._elements(code, Rel.REQUIRES_KNOWLEDGE, first, offset)

    async def _elements(self, code: str, rel: Rel, first: int, offset: int) -> Page[RatedElement]:
        rows = await self._rows(q.occupation_elements(rel), code=code, skip=offset, limit=first)
        total = await self._count(q.occupation_elements_count(rel), code=code)
        return Page(items=[RatedElement(**r) for r in rows], total=total, offset=offset)

    async def technologies(
        self, code: str, hot: bool | None, in_demand: bool | None, first: int, offset: int
    ) -> Page[TechnologyUse]:
        filters = {"code": code, "hot": hot, "in_demand": in_demand}
        rows = await self._rows(q.OCCUPATION_TECHNOLOGIES, **filters, skip=offset, limit=first)
        total = await self._count(q.OCCUPATION_TECHNOLOGIES_COUNT, **filters)
        return Page(items=[TechnologyUse(**r) for r in rows], total=total, offset=offset)

    async def related(self, code: str, first: int, offset: int) -> Page[RelatedOccupation]:
        rows = await self._rows(q.OCCUPATION_RELATED, code=code, skip=offset, limit=first)
        total = await self._count(q.OCCUPATION_RELATED_COUNT, code=code)
        return Page(items=[RelatedOccupation(**r) for r in rows], total=total, offset=offset)

    async def titles(self, code: str, first: int, offset: int) -> Page[TitleInfo]:
        rows = await self._rows(q.OCCUPATION_TITLES, code=code, skip=offset, limit=first)
        total = await self._count(q.OCCUPATION_TITLES_COUNT, code=code)
        return Page(items=[TitleInfo(**r) for r in rows], total=total, offset=offset)

    async def job_zone(self, code: str) -> JobZoneInfo | None:
        rows = await self._rows(q.OCCUPATION_JOB_ZONE, code=code)
        return JobZoneInfo(**rows[0]) if rows else None

    async def release(self) -> OntologyInfo:
        """The current release's version and status, without node counts (cheap: /health)."""
        releases = await self._rows(q.CURRENT_RELEASE)
        if not releases:
            return OntologyInfo(version=None, status="empty", counts=[])
        release = releases[0]
        return OntologyInfo(
            version=release["version"],
            status=release["status"],
            checksum=release["checksum"],
            loaded_at=release["completed_at"],
            counts=[],
        )

    async def info(self) -> OntologyInfo:
        """The current release with node counts per ontology label."""
        counts = [
            LabelCount(label=label, count=await self._count(q.count_label(label)))
            for label in ONTOLOGY_LABELS
        ]
        return (await self.release()).model_copy(update={"counts": counts})
