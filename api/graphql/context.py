"""What every resolver gets: the process runtime and the authenticated caller."""

import asyncio
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.fastapi import BaseContext
from strawberry.permission import BasePermission

from conversation import Interviewer, interviewer
from engine import Runtime, Settings
from engine.access_log import AccessNotLogged
from engine.people import Scope

from ..auth import Principal, Role
from ..ratelimit import RateLimiter

__all__ = [
    "Authenticated",
    "Context",
    "Info",
    "RoleIn",
    "acting_for",
    "forbidden",
    "owns_or_admin",
    "reading",
    "sees",
    "sees_private",
]


class Context(BaseContext):
    def __init__(
        self,
        runtime: Runtime,
        principal: Principal | None,
        tasks: "set[asyncio.Task[Any]] | None" = None,
        limiter: RateLimiter | None = None,
        address: str | None = None,
        settings: Settings | None = None,
        interviewer: Interviewer | None = None,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.settings = settings or runtime.settings
        self.principal = principal
        self.limiter = limiter
        self._interviewer = interviewer
        self.address = address
        self.tasks: set[asyncio.Task[Any]] = tasks if tasks is not None else set()
        """Background processing tasks (the app keeps them so they are not collected)."""

    @property
    def interviewer(self) -> Interviewer:
        """The process's interview agent (one made on the runtime when none was given)."""
        if self._interviewer is None:
            self._interviewer = interviewer(self.runtime)
        return self._interviewer

    def require(self) -> Principal:
        if self.principal is None:
            raise GraphQLError(
                "authentication required",
                extensions={
                    "code": "UNAUTHENTICATED",
                    "hint": "send 'Authorization: Bearer <token>'; mint one with careergraph token",
                },
            )
        return self.principal


Info = strawberry.Info[Context, None]


def sees(principal: Principal, person: str) -> bool:
    """Candidates see only themselves; the other roles, anyone in their tenant."""
    return principal.role is not Role.CANDIDATE or person == principal.subject


def owns_or_admin(principal: Principal, person: str) -> bool:
    """Who may act for a person on what only they decide (visibility, export, deletion)."""
    return person == principal.subject or principal.role in (Role.ADMIN, Role.OPERATOR)


def acting_for(principal: Principal, person_id: strawberry.ID | str | None, what: str) -> Scope:
    """The person a caller acts for on what only that person decides (default: themselves)."""
    person = str(person_id) if person_id else principal.subject
    if not owns_or_admin(principal, person):
        raise forbidden(
            f"only the person themselves or an admin can {what}",
            "leave personId out to act on yourself",
        )
    return Scope(principal.tenant, person)


def sees_private(principal: Principal, person: str) -> bool:
    """Facts a person made private: the person and the tenant's admins only."""
    return owns_or_admin(principal, person)


def forbidden(message: str, hint: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "FORBIDDEN", "hint": hint})


async def reading(info: "Info", person: str, action: str) -> Scope:
    """The scope of a read of `person`'s data, logged for that person when staff read it
    (a read that cannot be logged is not served)."""
    principal = info.context.require()
    if not sees(principal, person):
        raise forbidden(
            "candidates can read only their own profile", "ask for the person your token names"
        )
    scope = Scope(principal.tenant, person)
    if principal.staff and principal.subject != person:
        try:
            await info.context.runtime.access.record(
                scope, principal.subject, principal.role.value, action
            )
        except AccessNotLogged:
            raise GraphQLError(
                "the read could not be recorded in the person's access log, so it is not served",
                extensions={"code": "UNAVAILABLE", "retryAfter": 5},
            ) from None
    return scope


class Authenticated(BasePermission):
    message = "authentication required: send 'Authorization: Bearer <token>'"
    error_extensions = {"code": "UNAUTHENTICATED"}  # noqa: RUF012

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.principal is not None


def RoleIn(*roles: Role) -> type[BasePermission]:
    allowed = ", ".join(r.value for r in roles)

    class _RoleIn(BasePermission):
        message = f"this field needs one of the roles: {allowed}"
        error_extensions = {"code": "FORBIDDEN"}  # noqa: RUF012

        def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
            principal = info.context.principal
            return principal is not None and principal.role in roles

    return _RoleIn
