"""What every GraphQL operation goes through before and while it runs, over HTTP and WebSocket
alike: its size is measured (depth, aliases, cost; fragments once each), introspection needs a
signed-in caller (and can be turned off), operations count against the caller's budgets, and
every resolver that waits has to finish by the operation's deadline.

Errors the caller can act on get a code, and over HTTP a status: 429 with Retry-After when a
budget is spent, 503 with Retry-After while the store restarts.
"""

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from graphql import GraphQLError, OperationDefinitionNode, ValidationRule
from starlette.datastructures import UploadFile
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from engine import Settings
from engine.analytics import Busy
from graph_schema import GraphUnavailable

from ..ratelimit import Budget, RateLimited, caller_key
from .arguments import BadInput, check_arguments
from .context import Context
from .limits import Limits, check_operation

__all__ = ["OperationGuard"]


def _operation(context: ExecutionContext) -> OperationDefinitionNode | None:
    document = context.graphql_document
    if document is None:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if context.operation_name:
        operations = [o for o in operations if o.name and o.name.value == context.operation_name]
    return operations[0] if len(operations) == 1 else None


def _reporting(error: GraphQLError) -> type[ValidationRule]:
    class _Refused(ValidationRule):
        def enter_document(self, *_: object) -> None:
            self.report_error(error)

    return _Refused


def _close_uploads(value: Any) -> None:
    """Uploaded files end with the operation, also when it was refused before its resolver
    (which otherwise closes them) ran."""
    if isinstance(value, UploadFile):
        value.file.close()
    elif isinstance(value, dict):
        for item in value.values():
            _close_uploads(item)
    elif isinstance(value, list):
        for item in value:
            _close_uploads(item)


def _retry(status: int, seconds: int, context: Context) -> None:
    response = context.response
    if response is not None:
        response.status_code = status
        response.headers["Retry-After"] = str(seconds)


class OperationGuard(SchemaExtension):
    _deadline = 0.0

    @property
    def _context(self) -> Context:
        context: Context = self.execution_context.context
        return context

    @property
    def _settings(self) -> Settings:
        return self._context.settings

    async def on_validate(self) -> AsyncIterator[None]:  # type: ignore[override]
        # A refusal is reported as the only validation error (the other rules are not run on
        # a refused document), so every transport answers it the way it answers invalid
        # documents, WebSocket included.
        try:
            await self._admit()
        except GraphQLError as refusal:
            self.execution_context.validation_rules = (_reporting(refusal),)
            _close_uploads(self.execution_context.variables)
        yield

    async def _admit(self) -> None:
        operation = _operation(self.execution_context)
        document = self.execution_context.graphql_document
        if operation is None or document is None:
            return  # no single operation: graphql-core's own rules say what is wrong
        settings = self._settings
        limits = Limits(
            settings.max_query_depth, settings.max_query_aliases, settings.max_query_cost
        )
        measure = check_operation(operation, document, limits)
        if measure.introspection:
            self._check_introspection()
        await self._spend(measure.expensive)

    def _check_introspection(self) -> None:
        if not self._settings.introspection:
            raise GraphQLError(
                "introspection is turned off on this server.",
                extensions={"code": "FORBIDDEN", "hint": "Ask the operator for the schema "
                            "(CAREERGRAPH_INTROSPECTION=true turns it on)."},
            )  # fmt: skip
        if self._context.principal is None:
            raise GraphQLError(
                "introspection needs a signed-in caller.",
                extensions={"code": "UNAUTHENTICATED", "hint": "Send 'Authorization: Bearer "
                            "<token>' (in GraphiQL: the Headers tab)."},
            )  # fmt: skip

    async def _spend(self, expensive: int) -> None:
        context = self._context
        limiter = context.limiter
        if limiter is None:
            return
        caller = caller_key(context.principal, context.address)
        try:
            if isinstance(context.request, WebSocket):  # HTTP: counted when the request arrived
                await limiter.spend(caller, Budget.REQUESTS)
            await limiter.spend(caller, Budget.EXPENSIVE, expensive)
        except RateLimited as e:
            _retry(429, e.retry_after, context)
            raise GraphQLError(
                str(e), extensions={"code": "RATE_LIMITED", "retryAfter": e.retry_after}
            ) from None

    def on_execute(self) -> Any:
        self._deadline = asyncio.get_running_loop().time() + self._settings.request_timeout_s
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            self._describe(error)
        _close_uploads(self.execution_context.variables)

    def resolve(
        self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any
    ) -> Any:
        if kwargs:
            check_arguments(info, kwargs)
        result = _next(root, info, *args, **kwargs)
        if inspect.isawaitable(result):
            return self._bounded(result)
        return result

    async def _bounded(self, awaitable: Awaitable[Any]) -> Any:
        try:
            async with asyncio.timeout_at(self._deadline):
                return await awaitable
        except TimeoutError:
            raise GraphQLError(
                f"the request ran past its limit of {self._settings.request_timeout_s:g} s.",
                extensions={"code": "TIMEOUT", "hint": "Ask for less in one request."},
            ) from None

    def _describe(self, error: GraphQLError) -> None:
        """Codes and HTTP statuses for errors raised below the API."""
        original = error.original_error
        if isinstance(original, BadInput) and "code" not in (error.extensions or {}):
            error.extensions = {**(error.extensions or {}), **(original.extensions or {})}
        elif isinstance(original, GraphUnavailable):
            error.extensions = {"code": "UNAVAILABLE", "retryAfter": original.retry_after}
            _retry(503, original.retry_after, self._context)
        elif isinstance(original, Busy):
            _retry(429, Busy.retry_after, self._context)
