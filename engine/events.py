"""Domain events on a Redis stream (`careergraph:events`): one entry per change to person
data, with tenant, person, ids and time, and never any personal text. Later features
subscribe to it (cache invalidation, webhooks)."""

import hashlib
import json
import logging
from enum import StrEnum
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from .people import Scope, now

__all__ = ["EVENT_STREAM", "EventName", "Events", "generation_key"]

EVENT_STREAM = "careergraph:events"
_MAX_ENTRIES = 100_000
log = logging.getLogger(__name__)


def generation_key(tenant: str) -> str:
    """A counter bumped with every event of a tenant: what a cached answer about the tenant's
    people or jobs was computed from (engine.cache)."""
    return f"careergraph:generation:{hashlib.sha256(tenant.encode()).hexdigest()[:32]}"


class EventName(StrEnum):
    DOCUMENT_PROCESSED = "document.processed"
    DOCUMENT_DELETED = "document.deleted"
    FACT_CREATED = "fact.created"
    FACT_UPDATED = "fact.updated"
    FACT_DELETED = "fact.deleted"
    PERSON_DELETED = "person.deleted"


class Events:
    def __init__(self, redis: aioredis.Redis) -> None:
        self._redis = redis

    async def publish(
        self, name: EventName, scope: Scope | None, tenant: str | None = None, **ids: Any
    ) -> None:
        """`ids` are identifiers and counts only: the stream must hold no personal text."""
        await self.publish_many([(name, ids)], scope, tenant)

    async def publish_many(
        self, events: list[tuple[EventName, dict[str, Any]]], scope: Scope | None,
        tenant: str | None = None,
    ) -> None:  # fmt: skip
        """Several events in one round trip (a document's facts)."""
        if not events:
            return
        at = now()
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for name, ids in events:
                    entry: dict[Any, Any] = {
                        "name": name.value,
                        "tenant": scope.tenant if scope else tenant or "",
                        "person": scope.person if scope else "",
                        "at": at,
                        "ids": json.dumps(ids, sort_keys=True),
                    }
                    pipe.xadd(EVENT_STREAM, entry, maxlen=_MAX_ENTRIES, approximate=True)
                if entry["tenant"]:  # in the same round trip: no cached answer outlives it
                    pipe.incr(generation_key(entry["tenant"]))
                await pipe.execute()
        except RedisError:
            # the change itself is stored; a subscriber that missed it re-reads the graph
            log.exception("could not publish %s", ", ".join(sorted({n for n, _ in events})))
