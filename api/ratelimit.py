"""Fixed-window request budgets per principal, counted in Redis so every worker shares them.

A principal is the tenant and subject of a verified token (never the raw header, which can be
written many ways); callers without a valid token are counted by address. Expensive operations
(uploads, analyst Cypher, and later matching) draw on a second, smaller budget as well.
"""

import hashlib
import time
from enum import StrEnum

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from .auth import Principal

__all__ = ["Budget", "RateLimited", "RateLimiter", "caller_key"]

_WINDOW_S = 60


class Budget(StrEnum):
    REQUESTS = "requests"
    EXPENSIVE = "expensive"


class RateLimited(Exception):
    def __init__(self, budget: Budget, retry_after: int) -> None:
        self.budget = budget
        self.retry_after = retry_after
        what = "expensive operations" if budget is Budget.EXPENSIVE else "requests"
        super().__init__(f"too many {what}; try again in {retry_after} s")


def caller_key(principal: Principal | None, address: str | None) -> str:
    if principal is None:
        return "ip:" + (address or "unknown")
    who = f"{principal.tenant}\x1f{principal.subject}".encode()
    return "principal:" + hashlib.sha256(who).hexdigest()[:32]


class RateLimiter:
    def __init__(self, redis: aioredis.Redis, per_minute: int, expensive_per_minute: int) -> None:
        self._redis = redis
        self._limits = {Budget.REQUESTS: per_minute, Budget.EXPENSIVE: expensive_per_minute}

    async def spend(self, caller: str, budget: Budget, amount: int = 1) -> None:
        """Count `amount` against the caller's budget; RateLimited when it is spent."""
        limit = self._limits[budget]
        if limit <= 0 or amount <= 0:
            return
        window = int(time.time()) // _WINDOW_S
        key = f"careergraph:ratelimit:{budget}:{caller}:{window}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.incrby(key, amount)
                pipe.expire(key, _WINDOW_S * 2)
                count, _ = await pipe.execute()
        except (RedisError, OSError):
            return  # limits are a guard, not a reason to refuse service when Redis hiccups
        if int(count) > limit:
            raise RateLimited(budget, _WINDOW_S - int(time.time()) % _WINDOW_S)
