"""The GraphQL schema: ontology search, occupations, the loaded release, analyst Cypher."""

from typing import cast

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaskErrors, MaxTokensLimiter
from strawberry.scalars import JSON

from engine import MAX_RESULTS, EngineError, InvalidInput
from engine.analytics import Busy
from engine.bounds import MAX_NAME_CHARS, check_text
from graph_schema import GraphError, GraphUnavailable, QueryTimeout, WriteRefused

from ..audit import audit
from ..auth import Role
from ..metrics import CYPHER_QUERIES, SEARCH_SECONDS
from .arguments import bad_input
from .context import Authenticated, Info, RoleIn, sees
from .guard import OperationGuard
from .mutations import Mutation, Subscription
from .types import (
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
class Query:
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
        if not sees(principal, str(id)):
            raise GraphQLError(
                "candidates can read only their own profile",
                extensions={"code": "FORBIDDEN", "hint": "ask for the person your token names"},
            )
        tenant = principal.tenant
        found = await info.context.runtime.profiles.documents(tenant, str(id))
        facts = await info.context.runtime.profiles.facts(tenant, str(id), None, 1, 0)
        if not found and not facts.total:
            return None
        return Person(id=id, tenant=tenant)

    @strawberry.field(
        description="An uploaded document in your tenant: status, progress, error, type.",
        permission_classes=[Authenticated],
    )
    async def document(self, info: Info, id: strawberry.ID) -> DocumentInfo | None:
        principal = info.context.require()
        found = await info.context.runtime.profiles.document(principal.tenant, str(id))
        if found is None or not sees(principal, found.person_id):
            return None
        return convert(DocumentInfo, found)

    @strawberry.field(
        description="A job read from a job description uploaded in your tenant.",
        permission_classes=[Authenticated],
    )
    async def job(self, info: Info, id: strawberry.ID) -> JobInfo | None:
        principal = info.context.require()
        found = await info.context.runtime.profiles.job(principal.tenant, str(id))
        if found is None or not sees(principal, found.person_id):
            return None
        return convert(JobInfo, found)

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
        description="Run a read-only Cypher query (analyst and admin roles; audited).",
        permission_classes=[RoleIn(Role.ANALYST, Role.ADMIN)],
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
            result = await runtime.analytics.run(query, params)
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
                runtime.redis, principal, "cypher", query=query, params=params, outcome=outcome
            )
        return CypherResult(
            columns=result.columns,
            rows=cast(list[JSON], result.rows),
            truncated=result.truncated,
            elapsed_ms=result.elapsed_ms,
            as_of=result.as_of.isoformat() if result.as_of else None,
        )


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


schema = strawberry.Schema(
    query=Query,
    mutation=Mutation,
    subscription=Subscription,
    extensions=[
        lambda: MaxTokensLimiter(max_token_count=2000),
        OperationGuard,
        lambda: MaskErrors(should_mask_error=_should_mask),
    ],
)
