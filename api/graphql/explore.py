"""Recruiter exploration over GraphQL: `skillGraph(skill, depth)` and `searchCandidates`."""

from enum import Enum

import strawberry
from graphql import GraphQLError

from engine import InvalidInput, NotFound, explore
from engine.models import Page

from ..auth import Role
from .arguments import bad_input, not_found
from .context import Authenticated, Info, RoleIn, reading
from .matching import MatchEvidence, MatchWay
from .types import Connection, convert, decode_cursor, page_size, to_connection

__all__ = ["ExploreQuery"]


@strawberry.pydantic.type(name="GraphNode")
class GraphNode(explore.GraphNode):
    """A node of a skill's neighbourhood."""


@strawberry.pydantic.type(name="GraphEdge")
class GraphEdge(explore.GraphEdge):
    """A relationship of a skill's neighbourhood."""


@strawberry.pydantic.type(name="SkillHolder")
class SkillHolder(explore.SkillHolder):
    """A person of the tenant who has the skill, with the evidence."""

    evidence: list[MatchEvidence]  # type: ignore[assignment]


@strawberry.pydantic.type(name="SkillGraph")
class SkillGraph(explore.SkillGraph):
    """A skill, the technologies and occupations around it, and who in the tenant has it."""

    skill: GraphNode  # type: ignore[assignment]
    nodes: list[GraphNode]  # type: ignore[assignment]
    edges: list[GraphEdge]  # type: ignore[assignment]
    holders: list[SkillHolder]  # type: ignore[assignment]


@strawberry.pydantic.type(name="CandidateSkill")
class CandidateSkill(explore.SkillHit):
    """An asked-for skill as the candidate has it: how it matched, with the evidence."""

    way: MatchWay  # type: ignore[valid-type]
    evidence: list[MatchEvidence]  # type: ignore[assignment]


@strawberry.pydantic.type(name="CandidateHit")
class CandidateHit(explore.CandidateHit):
    """A person who has the asked skills (all of them, or some)."""

    skills: list[CandidateSkill]  # type: ignore[assignment]


@strawberry.enum(description="ALL: every skill asked for; ANY: at least one.")
class SkillMode(Enum):
    ALL = "all"
    ANY = "any"


_STAFF = (Role.RECRUITER, Role.ADMIN, Role.ANALYST)


def _error(error: InvalidInput | NotFound) -> GraphQLError:
    return bad_input(error) if isinstance(error, InvalidInput) else not_found(error)


@strawberry.type
class ExploreQuery:
    @strawberry.field(
        description="A skill (id or name) and its neighbourhood: other technologies of its "
        "commodities, technologies used with it, occupations that rate or use it (depth 1 or "
        "2), and for recruiters, admins and analysts the tenant's people who have it.",
        permission_classes=[Authenticated],
    )
    async def skill_graph(self, info: Info, skill: str, depth: int = 1) -> SkillGraph:
        principal = info.context.require()
        tenant = principal.tenant if principal.role in _STAFF else None
        try:
            found = await info.context.runtime.explorer.skill_graph(tenant, skill, depth)
        except (InvalidInput, NotFound) as e:
            raise _error(e) from None
        for person in sorted({h.person_id for h in found.holders}):
            await reading(info, person, "skillGraph")
        return convert(SkillGraph, found)

    @strawberry.field(
        description="The tenant's people with the given skills (ids or names), ALL or ANY, "
        "optionally expanded to other technologies of the same commodity; each hit says how "
        "every skill matched, with the evidence (recruiters and admins).",
        permission_classes=[RoleIn(Role.RECRUITER, Role.ADMIN)],
    )
    async def search_candidates(
        self,
        info: Info,
        skills: list[str],
        mode: SkillMode = SkillMode.ALL,
        expand: bool = False,
        first: int = 20,
        after: str | None = None,
    ) -> Connection[CandidateHit]:
        principal = info.context.require()
        offset = decode_cursor(after)
        try:
            hits, total = await info.context.runtime.explorer.search_candidates(
                principal.tenant, skills, mode is SkillMode.ALL, expand, page_size(first), offset
            )
        except (InvalidInput, NotFound) as e:
            raise _error(e) from None
        for hit in hits:
            await reading(info, hit.person_id, "searchCandidates")
        return to_connection(Page(items=hits, total=total, offset=offset), CandidateHit)
