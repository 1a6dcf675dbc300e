"""Cached answers about a tenant's people and jobs (match rankings), in Redis.

Every cached answer is filed under the tenant's generation: a counter that `Events` bumps in the
same round trip as every event of that tenant (a fact created, edited, hidden or deleted, a
document processed or deleted, a person deleted). An edit therefore makes every older answer
unreachable at once; nothing stale is served after it. Entries also expire after `ttl_s`, which
bounds what a lost event (Redis down while publishing) could leave behind.
"""

import hashlib
import json
import logging
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from .events import generation_key

__all__ = ["AnswerCache"]

log = logging.getLogger(__name__)


class AnswerCache:
    def __init__(self, redis: aioredis.Redis, ttl_s: int = 600) -> None:
        self._redis = redis
        self._ttl = ttl_s

    async def get(self, tenant: str, *key: Any) -> str | None:
        try:
            name = await self._name(tenant, key)
            value = await self._redis.get(name)
        except RedisError:
            log.warning("match cache unavailable; computing the answer")
            return None
        return value.decode() if isinstance(value, bytes) else value

    async def put(self, tenant: str, value: str, *key: Any) -> None:
        try:
            await self._redis.set(await self._name(tenant, key), value, ex=self._ttl)
        except RedisError:
            log.warning("match cache unavailable; the answer is not kept")

    async def _name(self, tenant: str, key: tuple[Any, ...]) -> str:
        generation = await self._redis.get(generation_key(tenant))
        digest = hashlib.sha256(
            json.dumps([tenant, *key], sort_keys=True, default=str).encode()
        ).hexdigest()
        return f"careergraph:answer:{int(generation or 0)}:{digest}"
