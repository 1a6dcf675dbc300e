"""The GraphQL schema: ontology search, occupations, the loaded release, analyst Cypher."""

from typing import cast

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxTokensLimiter
from strawberry.scalars import JSON

from engine import MAX_RESULTS, EngineError, InvalidInput, NotFound
from engine.analytics import Busy
from engine.audit import Actor, audit, digest_params
from engine.bounds import MAX_NAME_CHARS, check_text
from graph_schema import GraphError, GraphUnavailable, QueryTimeout, WriteRefused

from ..auth import Principal, Role
from ..metrics import CYPHER_QUERIES, SEARCH_SECONDS
from .arguments import bad_input
from .context import (
    Authenticated,
    Info,
    RoleIn,
    acting_for,
    reading,
    sees,
    sees_private,
)
from .explore import ExploreQuery
from .guard import OperationGuard
from .insights import InsightQuery
from .interview import InterviewMutation, InterviewQuery, InterviewSubscription
from .matching import MatchQuery
from .mutations import Mutation, Subscription
from .types import (
    AccessEntry,
    DocumentInfo,
    JobInfo,
    LabelCount,
    Occupation,
    OccupationHit,
    Ontology,
    Person,
    SkillHit,
    convert,
    page_size,
)

__all__ = ["schema"]


@strawberry.type(description="A read-only Cypher result (analyst role).")
class CypherResult:
    columns: list[str]
    rows: list[JSON]
    truncated: bool = strawberry.field(description="true when rows were cut at the row cap")
    elapsed_ms: float
    as_of: str | None = strawberry.field(
        description="when the copy of the graph the query read was taken (null: the live graph)"
    )


@strawberry.type
class Query(MatchQuery, InsightQuery, ExploreQuery, InterviewQuery):
    @strawberry.field(
        description="Skills, technologies, tools and work styles matching what people write "
        "('ReactJS', 'k8s', 'MS Excel'), best first.",
        permission_classes=[Authenticated],
    )
    async def skills(self, info: Info, search: str, first: int = 10) -> list[SkillHit]:
        _search_text(search)
        with SEARCH_SECONDS.labels("skills").time():
            hits = await info.context.runtime.search.skills(search, page_size(first, MAX_RESULTS))
        return [convert(SkillHit, h) for h in hits]

    @strawberry.field(
        description="Occupations matching a job title or description ('software dev', 'SWE').",
        permission_classes=[Authenticated],
    )
    async def occupations(self, info: Info, search: str, first: int = 10) -> list[OccupationHit]:
        _search_text(search)
        with SEARCH_SECONDS.labels("occupations").time():
            found = await info.context.runtime.search.occupations(
                search, page_size(first, MAX_RESULTS)
            )
        return [convert(OccupationHit, h) for h in found]

    @strawberry.field(
        description="One occupation by O*NET-SOC code, e.g. 15-1252.00.",
        permission_classes=[Authenticated],
    )
    async def occupation(self, info: Info, code: strawberry.ID) -> Occupation | None:
        detail = await info.context.runtime.ontology.occupation(str(code))
        return Occupation(**detail.model_dump()) if detail else None

    @strawberry.field(
        description="A person in your tenant (candidates: only themselves).",
        permission_classes=[Authenticated],
    )
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        principal = info.context.require()
        scope = await reading(info, str(id), "person")
        if not await info.context.runtime.people.exists(scope):
            return None
        return Person(id=id, scope=scope, private=sees_private(principal, str(id)))

    @strawberry.field(
        description="An uploaded document in your tenant: status, progress, error, type.",
        permission_classes=[Authenticated],
    )
    async def document(self, info: Info, id: strawberry.ID) -> DocumentInfo | None:
        principal = info.context.require()
        found = await info.context.runtime.uploads.document(principal.tenant, str(id))
        if found is None or not sees(principal, found.person_id):
            return None
        await reading(info, found.person_id, "document")
        return convert(DocumentInfo, found)

    @strawberry.field(
        description="A job read from a job description uploaded in your tenant.",
        permission_classes=[Authenticated],
    )
    async def job(self, info: Info, id: strawberry.ID) -> JobInfo | None:
        principal = info.context.require()
        found = await info.context.runtime.jobs.job(principal.tenant, str(id))
        if found is None or not sees(principal, found.person_id):
            return None
        await reading(info, found.person_id, "job")
        return convert(JobInfo, found)

    @strawberry.field(
        description="Everything held about a person, as one JSON document (the person "
        "themselves, or an admin; docs/export.md describes every field).",
        permission_classes=[Authenticated],
    )
    async def export_person_data(
        self, info: Info, person_id: strawberry.ID | None = None
    ) -> JSON | None:
        principal = info.context.require()
        scope = acting_for(principal, person_id, "export a person's data")
        await reading(info, scope.person, "exportPersonData")
        try:
            return cast(JSON, await info.context.runtime.privacy.export(scope))
        except NotFound:
            return None

    @strawberry.field(
        description="Who (other than the person) read this person's data, newest first (the "
        "person themselves, or an admin).",
        permission_classes=[Authenticated],
    )
    async def access_log(
        self, info: Info, person_id: strawberry.ID | None = None, first: int = 100
    ) -> list[AccessEntry]:
        principal = info.context.require()
        scope = acting_for(principal, person_id, "see a person's access log")
        entries = await info.context.runtime.access.entries(scope, page_size(first, 1000))
        return [convert(AccessEntry, e) for e in entries]

    @strawberry.field(
        description="The loaded O*NET release and node counts.",
        permission_classes=[Authenticated],
    )
    async def ontology(self, info: Info) -> Ontology:
        data = await info.context.runtime.ontology.info()
        return Ontology(
            version=data.version,
            status=data.status,
            loaded_at=data.loaded_at,
            counts=[convert(LabelCount, c) for c in data.counts],
        )

    @strawberry.field(
        description="Run a read-only Cypher query (analyst and admin roles; audited). It reads "
        "a copy holding your tenant's data and the ontology only (a platform operator's, the "
        "whole graph).",
        permission_classes=[RoleIn(Role.ANALYST, Role.ADMIN, Role.OPERATOR)],
    )
    async def cypher(self, info: Info, query: str, params: JSON | None = None) -> CypherResult:
        runtime, principal = info.context.runtime, info.context.require()
        if params is not None and not isinstance(params, dict):
            raise GraphQLError(
                "params must be a JSON object of parameter names to values",
                extensions={"code": "BAD_INPUT", "hint": 'e.g. {"code": "15-1252.00"}'},
            )
        outcome = "ok"
        try:
            tenant = None if principal.role is Role.OPERATOR else principal.tenant
            result = await runtime.analytics.run(query, params, tenant)
        except InvalidInput as e:
            outcome = "refused"
            raise bad_input(e) from e
        except Busy as e:
            outcome = "busy"
            raise GraphQLError(e.message, extensions={"code": "BUSY", "hint": e.hint,
                               "retryAfter": Busy.retry_after}) from e  # fmt: skip
        except WriteRefused as e:
            outcome = "refused"
            raise _error(e, "WRITE_REFUSED") from e
        except QueryTimeout as e:
            outcome = "timeout"
            raise _error(e, "TIMEOUT") from e
        except GraphUnavailable as e:
            outcome = "unavailable"
            raise GraphQLError(str(e), extensions={"code": "UNAVAILABLE",
                               "retryAfter": e.retry_after}, original_error=e) from e  # fmt: skip
        except (GraphError, EngineError) as e:
            outcome = "failed"
            raise _error(e, "QUERY_FAILED") from e
        finally:
            CYPHER_QUERIES.labels(outcome).inc()
            await audit(
                runtime.redis, _actor(principal), "cypher", query=query,
                params=digest_params(params), outcome=outcome,
                scope="all tenants" if principal.role is Role.OPERATOR else "tenant",
            )  # fmt: skip
        return CypherResult(
            columns=result.columns,
            rows=cast(list[JSON], result.rows),
            truncated=result.truncated,
            elapsed_ms=result.elapsed_ms,
            as_of=result.as_of.isoformat() if result.as_of else None,
        )


def _actor(principal: Principal) -> Actor:
    return Actor(principal.subject, principal.tenant, principal.role.value)


def _search_text(text: str) -> None:
    try:
        check_text(text, "search text", MAX_NAME_CHARS)
    except InvalidInput as e:
        raise bad_input(e) from None


def _error(error: Exception, code: str) -> GraphQLError:
    hint = getattr(error, "hint", None)
    return GraphQLError(
        str(error), extensions={"code": code, "hint": hint} if hint else {"code": code}
    )


def _should_mask(error: GraphQLError) -> bool:
    """Hide internals of unexpected failures; keep the errors written for users."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False
    return not isinstance(original, (EngineError, GraphUnavailable))


@strawberry.type(name="Mutation")
class Mutations(Mutation, InterviewMutation):
    pass


@strawberry.type(name="Subscription")
class Subscriptions(Subscription, InterviewSubscription):
    pass


schema = strawberry.Schema(
    query=Query,
    mutation=Mutations,
    subscription=Subscriptions,
    extensions=[
        lambda: MaxTokensLimiter(max_token_count=2000),
        OperationGuard,
        lambda: MaskErrors(should_mask_error=_should_mask),
    ],
)
