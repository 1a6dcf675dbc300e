"""What every resolver gets: the process runtime and the authenticated caller."""

import asyncio
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.fastapi import BaseContext
from strawberry.permission import BasePermission

from engine import Runtime, Settings

from ..auth import Principal, Role
from ..ratelimit import RateLimiter

__all__ = ["Authenticated", "Context", "Info", "RoleIn", "sees"]


class Context(BaseContext):
    def __init__(
        self,
        runtime: Runtime,
        principal: Principal | None,
        tasks: "set[asyncio.Task[Any]] | None" = None,
        limiter: RateLimiter | None = None,
        address: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        self.runtime = runtime
        self.settings = settings or runtime.settings
        self.principal = principal
        self.limiter = limiter
        self.address = address
        self.tasks: set[asyncio.Task[Any]] = tasks if tasks is not None else set()
        """Background processing tasks (the app keeps them so they are not collected)."""

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
