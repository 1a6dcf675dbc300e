"""FastAPI dependencies, declared once as Annotated aliases."""

from typing import Annotated

from fastapi import Depends, HTTPException, status
from starlette.requests import HTTPConnection

from engine import Runtime

from .auth import AuthError, Principal, TokenService
from .graphql.context import Context

__all__ = [
    "ContextDep", "PrincipalDep", "RuntimeDep", "SignedInDep", "authenticate", "get_context",
]  # fmt: skip


def _runtime(request: HTTPConnection) -> Runtime:
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:  # HTTP requests are answered by the middleware; this is WebSocket
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail="Careergraph is starting; try again shortly (/health shows the progress).",
            headers={"Retry-After": "5"},
        )
    return runtime


def _tokens(request: HTTPConnection) -> TokenService:
    tokens: TokenService = request.app.state.tokens
    return tokens


RuntimeDep = Annotated[Runtime, Depends(_runtime)]
TokensDep = Annotated[TokenService, Depends(_tokens)]


async def authenticate(
    request: HTTPConnection, tokens: TokenService, runtime: Runtime
) -> Principal | None:
    """The caller; None without a token. Raises AuthError for a token that cannot be trusted."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("the Authorization header must be 'Bearer <token>'")
    return await tokens.authenticate(token.strip(), runtime.revocations)


async def _principal(
    request: HTTPConnection, tokens: TokensDep, runtime: RuntimeDep
) -> Principal | None:
    """The caller (checked once per request by the middleware; here for WebSockets). A token
    that cannot be trusted is a 401, never ignored."""
    try:
        checked = getattr(request.state, "auth", None)
        if checked is None:
            return await authenticate(request, tokens, runtime)
        if isinstance(checked, AuthError):
            raise checked
        return checked if isinstance(checked, Principal) else None
    except AuthError as e:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail=str(e),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from None


PrincipalDep = Annotated[Principal | None, Depends(_principal)]


def _signed_in(principal: PrincipalDep) -> Principal:
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="send 'Authorization: Bearer <token>'; mint one with careergraph token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


SignedInDep = Annotated[Principal, Depends(_signed_in)]


async def get_context(
    connection: HTTPConnection, runtime: RuntimeDep, principal: PrincipalDep
) -> Context:
    return Context(
        runtime,
        principal,
        connection.app.state.tasks,
        limiter=connection.app.state.limiter,
        settings=connection.app.state.settings,
        address=connection.client.host if connection.client else None,
        interviewer=getattr(connection.app.state, "interviewer", None),
    )


ContextDep = Annotated[Context, Depends(get_context)]
