"""JWT bearer tokens: who the caller is (subject), which tenant they act in, and their role."""

import os
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import jwt
from pydantic import BaseModel

from engine.bounds import check_id
from engine.errors import InvalidInput
from engine.revocations import Revocations
from engine.settings import Settings

__all__ = ["AuthError", "Principal", "Role", "TokenPair", "TokenService", "resolve_secret"]

_ALGORITHM = "HS256"
_SECRET_FILE = "jwt-secret"


class Role(StrEnum):
    CANDIDATE = "candidate"
    RECRUITER = "recruiter"
    ANALYST = "analyst"
    ADMIN = "admin"
    OPERATOR = "operator"
    """runs the platform: analyst Cypher across tenants (audited)"""


class Principal(BaseModel):
    subject: str
    tenant: str
    role: Role
    token_id: str | None = None
    issued_at: int = 0
    expires_at: int = 0

    @property
    def staff(self) -> bool:
        """Reads of other people's data by this caller are logged for those people."""
        return self.role is not Role.CANDIDATE


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    """seconds the access token is good for"""


class AuthError(Exception):
    """A token was sent but cannot be trusted; the message says why and what to do."""


def resolve_secret(settings: Settings) -> str:
    """The configured secret, or one generated once and kept (mode 0600) in the data dir."""
    if settings.jwt_secret is not None:
        return settings.jwt_secret.get_secret_value()
    path: Path = settings.data_dir / _SECRET_FILE
    if path.exists():
        return path.read_text().strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret)
    return secret


class TokenService:
    def __init__(self, secret: str, issuer: str) -> None:
        self._secret = secret
        self._issuer = issuer

    def mint(
        self, role: Role, tenant: str, subject: str, ttl: timedelta, *, kind: str = "access"
    ) -> str:
        check_id(tenant, "tenant"), check_id(subject, "subject")
        now = datetime.now(UTC)
        claims = {
            "sub": subject,
            "tenant": tenant,
            "role": role.value,
            "iss": self._issuer,
            "iat": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
            "typ": kind,
        }
        return jwt.encode(claims, self._secret, algorithm=_ALGORITHM)

    async def pair(
        self, role: Role, tenant: str, subject: str, access_ttl: timedelta,
        refresh_ttl: timedelta, revocations: Revocations,
    ) -> TokenPair:  # fmt: skip
        """A short-lived access token and a refresh token that can be used once for the next."""
        refresh = self.mint(role, tenant, subject, refresh_ttl, kind="refresh")
        claims = self.verify(refresh, kind="refresh")
        assert claims.token_id is not None
        await revocations.keep_refresh(
            claims.token_id, tenant, subject, int(refresh_ttl.total_seconds())
        )
        return TokenPair(
            access_token=self.mint(role, tenant, subject, access_ttl),
            refresh_token=refresh,
            expires_in=int(access_ttl.total_seconds()),
        )

    async def authenticate(
        self, token: str, revocations: Revocations, kind: str = "access"
    ) -> Principal:
        """Verify a token and that it has not been revoked (nor its subject deleted)."""
        principal = self.verify(token, kind=kind)
        if await revocations.is_revoked(
            principal.token_id, principal.tenant, principal.subject, principal.issued_at
        ):
            raise AuthError(
                "the bearer token has been revoked (signed out, or the person was deleted); "
                "sign in again for a new one"
            )
        return principal

    def verify(self, token: str, kind: str = "access") -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[_ALGORITHM],
                issuer=self._issuer,
                options={"require": ["sub", "exp", "iss"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthError(
                "the bearer token has expired; mint a new one (careergraph token ...)"
            ) from None
        except jwt.InvalidSignatureError:
            raise AuthError(
                "the bearer token's signature does not match this server's secret; "
                "use a token minted with this server's CAREERGRAPH_JWT_SECRET"
            ) from None
        except jwt.InvalidTokenError as e:
            raise AuthError(f"the bearer token is malformed or incomplete ({e})") from None
        try:
            role = Role(str(claims.get("role")))
        except ValueError:
            raise AuthError(
                f"the token's role {claims.get('role')!r} is unknown; "
                f"use one of {', '.join(r.value for r in Role)}"
            ) from None
        tenant = claims.get("tenant")
        if not isinstance(tenant, str) or not tenant:
            raise AuthError("the token has no 'tenant' claim; mint one with --tenant")
        try:
            check_id(tenant, "tenant"), check_id(str(claims["sub"]), "subject")
        except InvalidInput as e:
            raise AuthError(f"the token's {e.message} Mint one with a shorter value.") from None
        if claims.get("typ", "access") != kind:
            raise AuthError(
                f"this is a {claims.get('typ')} token where an {kind} token is needed; "
                "send the access token as the bearer, the refresh token only to "
                "/api/v1/tokens/refresh"
            )
        return Principal(
            subject=str(claims["sub"]), tenant=tenant, role=role,
            token_id=claims.get("jti"), issued_at=int(claims.get("iat", 0)),
            expires_at=int(claims["exp"]),
        )  # fmt: skip
