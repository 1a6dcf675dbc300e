"""Fixed-window request limits per caller, counted in Redis so every worker shares them."""

import time

import redis.asyncio as aioredis
from redis.exceptions import RedisError

__all__ = ["RateLimiter"]

_WINDOW_S = 60


class RateLimiter:
    def __init__(self, redis: aioredis.Redis, per_minute: int) -> None:
        self._redis = redis
        self._limit = per_minute

    async def retry_after(self, caller: str) -> int | None:
        """None when the caller may go ahead; otherwise seconds until the window resets."""
        if self._limit <= 0:
            return None
        window = int(time.time()) // _WINDOW_S
        key = f"careergraph:ratelimit:{caller}:{window}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incr(key)
                pipe.expire(key, _WINDOW_S * 2)
                count, _ = await pipe.execute()
        except RedisError:
            return None  # limits are a guard, not a reason to refuse service when Redis hiccups
        if int(count) <= self._limit:
            return None
        return _WINDOW_S - int(time.time()) % _WINDOW_S
