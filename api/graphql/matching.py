"""Matching over GraphQL: `matchJobs` (jobs for a person) and `matchCandidates` (people for a
job), ranked and cursor-paginated, each result explained down to the evidence."""

from typing import Any

import strawberry

from engine import InvalidInput, NotFound, matching
from engine.matching import MatchPage, Weights
from engine.models import Page

from ..auth import Role
from .arguments import bad_input, not_found
from .context import Authenticated, Info, RoleIn, reading
from .types import Edge, PageInfo, decode_cursor, to_connection

__all__ = ["MatchQuery"]

MatchWay = strawberry.enum(matching.MatchWay, description="How a skill meets a requirement.")
CategoryName = strawberry.enum(matching.CategoryName)
EvidenceSign = strawberry.enum(matching.EvidenceSign)


@strawberry.pydantic.type(name="PathStep")
class PathStep(matching.model.PathStep):
    """A node of an explanation path and the relationship to the next (<- when reversed)."""


@strawberry.pydantic.type(name="MatchEvidence")
class MatchEvidence(matching.model.MatchEvidence):
    """A quoted span of a document (or a conversation turn) a matched fact rests on."""


@strawberry.pydantic.type(name="SkillMatch")
class SkillMatch(matching.SkillMatch):
    """One requirement of the job and how the person meets it (or not)."""

    way: MatchWay | None  # type: ignore[valid-type]
    evidence: list[MatchEvidence]  # type: ignore[assignment]
    path: list[PathStep]  # type: ignore[assignment]


@strawberry.pydantic.type(name="CategoryEvidence")
class CategoryEvidence(matching.model.CategoryEvidence):
    """Something that raised (positive), lowered (negative) or did both (mixed) a category."""

    sign: EvidenceSign  # type: ignore[valid-type]


@strawberry.pydantic.type(name="MatchCategory")
class MatchCategory(matching.Category):
    """A scored category with its applied weight."""

    name: CategoryName  # type: ignore[valid-type]
    evidence: list[CategoryEvidence]  # type: ignore[assignment]


@strawberry.pydantic.type(name="Gap")
class Gap(matching.Gap):
    """A requirement not (fully) met, and what would close it."""


@strawberry.pydantic.type(name="Match")
class Match(matching.Match):
    """A person and a job: the score 0-100, its categories, skill matches, gaps, percentile."""

    categories: list[MatchCategory]  # type: ignore[assignment]
    skills: list[SkillMatch]  # type: ignore[assignment]
    gaps: list[Gap]  # type: ignore[assignment]


@strawberry.type(description="A ranked page of matches.")
class MatchConnection:
    edges: list[Edge[Match]]
    page_info: PageInfo
    total_count: int
    note: str | None = strawberry.field(description="why the list is empty, and what to do")


@strawberry.input(description="Points per category; they must sum to 100.")
class WeightsInput:
    required_skills: float = 50
    preferred_skills: float = 20
    experience: float = 20
    education: float = 10


def _weights(given: WeightsInput | None) -> Weights | None:
    if given is None:
        return None
    return Weights.checked(
        required_skills=given.required_skills,
        preferred_skills=given.preferred_skills,
        experience=given.experience,
        education=given.education,
    )


def _selects(info: Info, name: str) -> bool:
    """Whether the operation asks for this field anywhere under the one being resolved."""

    def walk(fields: list[Any]) -> bool:
        return any(
            getattr(f, "name", None) == name or walk(getattr(f, "selections", []) or [])
            for f in fields
        )

    return walk(list(info.selected_fields))


def _connection(page: MatchPage) -> MatchConnection:
    found = to_connection(Page(items=page.items, total=page.total, offset=page.offset), Match)
    return MatchConnection(
        edges=found.edges, page_info=found.page_info, total_count=found.total_count, note=page.note
    )


@strawberry.type
class MatchQuery:
    @strawberry.field(
        description="The tenant's jobs ranked for a person, best first, each explained. A "
        "candidate asks for themselves; staff for anyone in their tenant (facts the person "
        "made private count only when the person asks).",
        permission_classes=[Authenticated],
    )
    async def match_jobs(
        self,
        info: Info,
        person_id: strawberry.ID | None = None,
        first: int = 20,
        after: str | None = None,
        weights: WeightsInput | None = None,
        min_score: float = 0,
    ) -> MatchConnection:
        principal = info.context.require()
        person = str(person_id) if person_id else principal.subject
        scope = await reading(info, person, "matchJobs")
        try:
            page = await info.context.runtime.matcher.match_jobs(
                scope,
                first,
                decode_cursor(after),
                _weights(weights),
                min_score,
                private=principal.subject == person,
                percentiles=_selects(info, "percentile"),
            )
        except InvalidInput as e:
            raise bad_input(e) from None
        except NotFound as e:
            raise not_found(e) from None
        return _connection(page)

    @strawberry.field(
        description="The tenant's people ranked for a job, best first, each explained with "
        "paths down to the evidence (recruiters and admins; private facts never count).",
        permission_classes=[RoleIn(Role.RECRUITER, Role.ADMIN)],
    )
    async def match_candidates(
        self,
        info: Info,
        job_id: strawberry.ID,
        first: int = 20,
        after: str | None = None,
        weights: WeightsInput | None = None,
        min_score: float = 0,
    ) -> MatchConnection:
        principal = info.context.require()
        try:
            page = await info.context.runtime.matcher.match_candidates(
                principal.tenant,
                str(job_id),
                first,
                decode_cursor(after),
                _weights(weights),
                min_score,
            )
        except InvalidInput as e:
            raise bad_input(e) from None
        except NotFound as e:
            raise not_found(e) from None
        for match in page.items:  # each person shown is a read of their data, logged for them
            await reading(info, match.person_id, "matchCandidates")
        return _connection(page)
