"""Who read a person's data: every read by a recruiter, analyst or admin is recorded on a
stream of that person's own (so the person can see it, and deleting them deletes it)."""

import hashlib
from typing import Any

import redis.asyncio as aioredis
from pydantic import BaseModel
from redis.exceptions import RedisError

from .people import Scope, now

__all__ = ["AccessEntry", "AccessLog", "AccessNotLogged", "access_key"]

_MAX_ENTRIES = 10_000


def access_key(scope: Scope) -> str:
    digest = hashlib.sha256(f"{scope.tenant}\x1f{scope.person}".encode()).hexdigest()[:32]
    return f"careergraph:access:{digest}"


class AccessEntry(BaseModel):
    at: str
    subject: str
    role: str
    action: str
    """what was read: the GraphQL field (person, document, job, exportPersonData ...)"""


class AccessLog:
    def __init__(self, redis: aioredis.Redis) -> None:
        self._redis = redis

    async def record(self, scope: Scope, subject: str, role: str, action: str) -> None:
        entry: Any = {"at": now(), "subject": subject, "role": role, "action": action}
        try:
            await self._redis.xadd(access_key(scope), entry, maxlen=_MAX_ENTRIES, approximate=True)
        except RedisError as e:
            # a read that cannot be logged is not served (see the caller)
            raise AccessNotLogged(str(e)) from e

    async def entries(self, scope: Scope, first: int = 100) -> list[AccessEntry]:
        rows: Any = await self._redis.xrevrange(access_key(scope), count=first)
        return [AccessEntry(**fields) for _, fields in rows]

    async def forget(self, scope: Scope) -> int:
        return int(await self._redis.delete(access_key(scope)))


class AccessNotLogged(Exception):
    pass
