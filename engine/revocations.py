"""Revoked tokens and live refresh tokens, in Redis. Keys hold token ids and digests of who
they belong to, never names; every key expires when the token it is about would have."""

import hashlib
import time
from typing import Any

import redis.asyncio as aioredis

__all__ = ["Revocations"]

_PREFIX = "careergraph:tokens"


def _who(tenant: str, subject: str) -> str:
    return hashlib.sha256(f"{tenant}\x1f{subject}".encode()).hexdigest()[:32]


class Revocations:
    def __init__(self, redis: aioredis.Redis, longest_ttl_s: int) -> None:
        self._redis = redis
        self._longest = longest_ttl_s

    async def revoke(self, jti: str, expires_at: int) -> None:
        ttl = max(1, expires_at - int(time.time()))
        await self._redis.set(f"{_PREFIX}:revoked:{jti}", 1, ex=ttl)
        await self._redis.delete(f"{_PREFIX}:refresh:{jti}")

    async def revoke_subject(self, tenant: str, subject: str) -> None:
        """Every token issued to this caller until now is refused (a deleted person, a
        compromised account); refresh tokens go too."""
        who = _who(tenant, subject)
        await self._redis.set(f"{_PREFIX}:subject:{who}", int(time.time()), ex=self._longest)
        jtis: Any = await self._redis.smembers(f"{_PREFIX}:refresh-of:{who}")
        keys = [f"{_PREFIX}:refresh:{j}" for j in jtis] + [f"{_PREFIX}:refresh-of:{who}"]
        await self._redis.delete(*keys)

    async def is_revoked(self, jti: str | None, tenant: str, subject: str, issued_at: int) -> bool:
        revoked, since = await self._redis.mget(
            f"{_PREFIX}:revoked:{jti or '-'}", f"{_PREFIX}:subject:{_who(tenant, subject)}"
        )
        return revoked is not None or (since is not None and issued_at <= int(since))

    async def keep_refresh(self, jti: str, tenant: str, subject: str, ttl_s: int) -> None:
        who = _who(tenant, subject)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(f"{_PREFIX}:refresh:{jti}", who, ex=ttl_s)
            pipe.sadd(f"{_PREFIX}:refresh-of:{who}", jti)
            pipe.expire(f"{_PREFIX}:refresh-of:{who}", self._longest)
            await pipe.execute()

    async def use_refresh(self, jti: str, tenant: str, subject: str) -> bool:
        """A refresh token works once (each use hands out a new one)."""
        who: Any = await self._redis.getdel(f"{_PREFIX}:refresh:{jti}")
        if who is None:
            return False
        await self._redis.srem(f"{_PREFIX}:refresh-of:{who}", jti)
        return bool(who == _who(tenant, subject))
