"""REST for tokens: trade a refresh token for a new pair, sign out (revoke)."""

from datetime import timedelta

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from .auth import AuthError, TokenPair, TokenService
from .deps import RuntimeDep, SignedInDep

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])


class RefreshRequest(BaseModel):
    refresh_token: str = Field(min_length=1, max_length=4096)


@router.post("/refresh")
async def refresh(request: Request, runtime: RuntimeDep, body: RefreshRequest) -> TokenPair:
    """A new access token and a new refresh token; the refresh token sent is used up."""
    tokens: TokenService = request.app.state.tokens
    try:
        old = await tokens.authenticate(body.refresh_token, runtime.revocations, kind="refresh")
    except AuthError as e:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=str(e)) from None
    assert old.token_id is not None
    if not await runtime.revocations.use_refresh(old.token_id, old.tenant, old.subject):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="this refresh token was already used or revoked; sign in again",
        )
    settings = runtime.settings
    return await tokens.pair(
        old.role, old.tenant, old.subject,
        timedelta(minutes=settings.token_ttl_minutes),
        timedelta(days=settings.refresh_ttl_days), runtime.revocations,
    )  # fmt: skip


@router.post("/revoke", status_code=status.HTTP_204_NO_CONTENT)
async def revoke(
    request: Request, runtime: RuntimeDep, principal: SignedInDep,
    body: RefreshRequest | None = None,
) -> None:  # fmt: skip
    """Sign out: the access token sent (and the refresh token given) stop working at once."""
    assert principal.token_id is not None
    await runtime.revocations.revoke(principal.token_id, principal.expires_at)
    if body is not None:
        try:
            claims = request.app.state.tokens.verify(body.refresh_token, kind="refresh")
        except AuthError:
            return
        if claims.tenant == principal.tenant and claims.subject == principal.subject:
            assert claims.token_id is not None
            await runtime.revocations.revoke(claims.token_id, claims.expires_at)
