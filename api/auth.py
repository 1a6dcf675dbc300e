"""JWT bearer tokens: who the caller is (subject), which tenant they act in, and their role."""

import os
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import jwt
from pydantic import BaseModel

from engine.bounds import check_id
from engine.errors import InvalidInput
from engine.settings import Settings

__all__ = ["AuthError", "Principal", "Role", "TokenService", "resolve_secret"]

_ALGORITHM = "HS256"
_SECRET_FILE = "jwt-secret"


class Role(StrEnum):
    CANDIDATE = "candidate"
    RECRUITER = "recruiter"
    ANALYST = "analyst"
    ADMIN = "admin"


class Principal(BaseModel):
    subject: str
    tenant: str
    role: Role


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

    def mint(self, role: Role, tenant: str, subject: str, ttl: timedelta) -> str:
        check_id(tenant, "tenant"), check_id(subject, "subject")
        now = datetime.now(UTC)
        claims = {
            "sub": subject,
            "tenant": tenant,
            "role": role.value,
            "iss": self._issuer,
            "iat": now,
            "exp": now + ttl,
        }
        return jwt.encode(claims, self._secret, algorithm=_ALGORITHM)

    def verify(self, token: str) -> Principal:
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
        return Principal(subject=str(claims["sub"]), tenant=tenant, role=role)
