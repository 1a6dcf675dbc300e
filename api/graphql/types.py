"""GraphQL types, derived from the engine's pydantic models, plus cursor connections."""

import base64
import binascii
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON

from engine import access_log, facts, models, profile_models
from engine.documents import job_quality
from engine.people import Scope

from .context import Info, sees_private

__all__ = [
    "AccessEntry",
    "Connection",
    "DocumentInfo",
    "FactHistoryEntry",
    "JobInfo",
    "JobZone",
    "LabelCount",
    "Occupation",
    "OccupationHit",
    "Ontology",
    "PersonFact",
    "RatedElement",
    "RelatedOccupation",
    "SkillHit",
    "TechnologyUse",
    "Title",
    "Visibility",
    "decode_cursor",
    "to_connection",
]

MAX_PAGE = 100
_MAX_OFFSET_DIGITS = 9  # far past any list here, far inside the database's 64-bit integers


@strawberry.pydantic.type(name="SkillHit")
class SkillHit(models.SkillHit):
    """A skill, technology, tool or work style matching a search."""


@strawberry.pydantic.type(name="OccupationHit")
class OccupationHit(models.OccupationHit):
    """An occupation matching a search."""


@strawberry.pydantic.type(name="RatedElement")
class RatedElement(models.RatedElement):
    """A skill or knowledge area rated for an occupation."""


@strawberry.pydantic.type(name="TechnologyUse")
class TechnologyUse(models.TechnologyUse):
    """A technology an occupation uses, with O*NET's hot and in-demand flags."""


@strawberry.pydantic.type(name="RelatedOccupation")
class RelatedOccupation(models.RelatedOccupation):
    """An occupation O*NET relates to another, with its tier and rank."""


@strawberry.pydantic.type(name="Title")
class Title(models.TitleInfo):
    """A job title that names an occupation."""


@strawberry.pydantic.type(name="JobZone")
class JobZone(models.JobZoneInfo):
    """O*NET preparation level, 1 (little preparation) to 5 (extensive)."""


@strawberry.pydantic.type(name="LabelCount")
class LabelCount(models.LabelCount):
    """How many nodes of one label the graph holds."""


Visibility = strawberry.enum(facts.Visibility, description="Who may see a fact.")


@strawberry.pydantic.type(name="FactEvidence")
class FactEvidence(facts.FactEvidence):
    """Where a fact was found: a document span (page, characters, quoted) or a conversation
    turn, and by what."""

    source: str  # type: ignore[assignment]  # document, conversation


@strawberry.pydantic.type(name="FactEdit")
class FactEdit(facts.model.FactEdit):
    """A change the person made to a fact (see factHistory for before and after)."""


@strawberry.pydantic.type(name="RelatedFact")
class RelatedFact(facts.model.RelatedFact):
    """Another fact this one is tied to: the role a skill was used in, a role's employer."""

    rel: str  # type: ignore[assignment]  # USED_IN, AT
    kind: str  # type: ignore[assignment]


@strawberry.pydantic.type(name="Fact")
class PersonFact(facts.StoredFact):
    """A fact about a person, with every piece of evidence for it."""

    kind: str  # type: ignore[assignment]  # skill, role, employer, degree, ...
    status: str  # type: ignore[assignment]  # active, confirmed
    visibility: Visibility  # type: ignore[valid-type]
    evidence: list[FactEvidence]  # type: ignore[assignment]
    edits: list[FactEdit]  # type: ignore[assignment]
    related: list[RelatedFact]  # type: ignore[assignment]


@strawberry.pydantic.type(name="FactHistoryEntry")
class FactHistoryEntry(facts.FactHistoryEntry):
    """One audited change: who, when, the values before and after."""

    before: JSON  # type: ignore[assignment,misc]
    after: JSON  # type: ignore[assignment,misc]


@strawberry.pydantic.type(name="AccessEntry")
class AccessEntry(access_log.AccessEntry):
    """A read of a person's data by someone other than the person."""


@strawberry.pydantic.type(name="JobRequirement")
class JobRequirement(profile_models.JobRequirement):
    """A skill a job asks for, required or preferred, with the text that says so."""


@strawberry.pydantic.type(name="QualityFlag")
class QualityFlag(job_quality.QualityFlag):
    """A problem with a job description, the words that raised it, and what to change."""


@strawberry.pydantic.type(name="JobQuality")
class JobQuality(job_quality.QualityReport):
    """How good a job description is: a score 0-100, red flags and suggestions."""

    flags: list[QualityFlag]  # type: ignore[assignment]


@strawberry.pydantic.type(name="Job")
class JobInfo(profile_models.JobInfo):
    """A job read from a job description."""

    skills: list[JobRequirement]  # type: ignore[assignment]
    quality: JobQuality | None  # type: ignore[assignment]


def convert[T](gql_type: type[T], value: Any) -> T:
    """An engine model as its GraphQL type (nested models become their GraphQL types too)."""
    fields = value.model_dump() if hasattr(value, "model_dump") else dict(value)
    return gql_type(**fields)


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge[T]:
    cursor: str
    node: T


@strawberry.type
class Connection[T]:
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(after: str | None) -> int:
    """The offset just past `after`; a clear error for a cursor this API did not issue."""
    if after is None:
        return 0
    try:
        kind, _, number = base64.urlsafe_b64decode(after.encode()).decode().partition(":")
        if kind == "offset" and number.isdigit() and len(number) <= _MAX_OFFSET_DIGITS:
            return int(number) + 1
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise GraphQLError(
        f"the cursor {after!r} is not one this API issued",
        extensions={"code": "BAD_CURSOR", "hint": "pass an endCursor from a previous page"},
    )


def page_size(first: int, maximum: int = MAX_PAGE) -> int:
    if first < 1 or first > maximum:
        raise GraphQLError(
            f"first must be between 1 and {maximum}, got {first}",
            extensions={"code": "BAD_INPUT", "hint": "ask for fewer; page with after"},
        )
    return first


def to_connection[T](page: models.Page[Any], gql_type: type[T]) -> Connection[T]:
    edges = [
        Edge(cursor=_cursor(page.offset + i), node=convert(gql_type, item))
        for i, item in enumerate(page.items)
    ]
    end = page.offset + len(page.items)
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=end < page.total, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=page.total,
    )


@strawberry.experimental.pydantic.type(
    model=profile_models.DocumentInfo, all_fields=True, name="Document",
    description="A document a person uploaded, as classified.",
)  # fmt: skip
class DocumentInfo:
    # A class of its own (not a pydantic subclass) so it can carry the facts resolver.

    @strawberry.field(description="The facts this document is evidence for.")
    async def facts(
        self, info: Info, kind: str | None = None, first: int = 20, after: str | None = None
    ) -> Connection[PersonFact]:
        principal = info.context.require()
        document: Any = self  # fields come from the pydantic model, which mypy cannot see here
        page = await info.context.runtime.facts.facts(
            Scope(principal.tenant, document.person_id), kind, page_size(first),
            decode_cursor(after), document=document.id,
            private=sees_private(principal, document.person_id),
        )  # fmt: skip
        return to_connection(page, PersonFact)


@strawberry.type(description="An O*NET occupation with its requirements.")
class Occupation:
    code: str
    title: str
    description: str | None

    @strawberry.field(description="Skills rated for this occupation, most important first.")
    async def skills(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[RatedElement]:
        page = await info.context.runtime.ontology.skills(
            self.code, page_size(first), decode_cursor(after)
        )
        return to_connection(page, RatedElement)

    @strawberry.field(description="Knowledge areas rated for this occupation.")
    async def knowledge(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[RatedElement]:
        page = await info.context.runtime.ontology.knowledge(
            self.code, page_size(first), decode_cursor(after)
        )
        return to_connection(page, RatedElement)

    @strawberry.field(description="Technologies used, in-demand and hot ones first.")
    async def technologies(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        hot: bool | None = None,
        in_demand: bool | None = None,
    ) -> Connection[TechnologyUse]:
        page = await info.context.runtime.ontology.technologies(
            self.code, hot, in_demand, page_size(first), decode_cursor(after)
        )
        return to_connection(page, TechnologyUse)

    @strawberry.field(description="Related occupations in O*NET's order (tier, then rank).")
    async def related_occupations(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[RelatedOccupation]:
        page = await info.context.runtime.ontology.related(
            self.code, page_size(first), decode_cursor(after)
        )
        return to_connection(page, RelatedOccupation)

    @strawberry.field(description="Alternate, reported and short job titles.")
    async def titles(
        self, info: Info, first: int = 20, after: str | None = None
    ) -> Connection[Title]:
        page = await info.context.runtime.ontology.titles(
            self.code, page_size(first), decode_cursor(after)
        )
        return to_connection(page, Title)

    @strawberry.field(description="O*NET job zone (preparation needed).")
    async def job_zone(self, info: Info) -> JobZone | None:
        zone = await info.context.runtime.ontology.job_zone(self.code)
        return convert(JobZone, zone) if zone else None


@strawberry.type(description="The loaded O*NET release.")
class Ontology:
    version: str | None
    status: str = strawberry.field(description="complete, loading (or interrupted), or empty")
    loaded_at: str | None
    counts: list[LabelCount]


@strawberry.type(description="A person in the caller's tenant: their documents and facts.")
class Person:
    id: strawberry.ID
    scope: strawberry.Private[Scope]
    private: strawberry.Private[bool]
    """whether the caller may see the facts the person made private"""

    @strawberry.field(description="Facts, most confident first; kind filters (e.g. skill).")
    async def facts(
        self, info: Info, kind: str | None = None, first: int = 20, after: str | None = None
    ) -> Connection[PersonFact]:
        page = await info.context.runtime.facts.facts(
            self.scope, kind, page_size(first), decode_cursor(after), private=self.private
        )
        return to_connection(page, PersonFact)

    @strawberry.field(description="The audited changes to one of this person's facts.")
    async def fact_history(self, info: Info, fact_id: strawberry.ID) -> list[FactHistoryEntry]:
        found = await info.context.runtime.facts.history(
            self.scope, str(fact_id), private=self.private
        )
        return [convert(FactHistoryEntry, h) for h in found]

    @strawberry.field(description="Documents, newest first.")
    async def documents(self, info: Info) -> list[DocumentInfo]:
        found = await info.context.runtime.uploads.documents(self.scope)
        return [convert(DocumentInfo, d) for d in found]
