"""Domain events on a Redis stream (`careergraph:events`): one entry per change to person
data, with tenant, person, ids and time, and never any personal text. Later features
subscribe to it (cache invalidation, webhooks)."""

import json
import logging
from enum import StrEnum
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from .people import Scope, now

__all__ = ["EVENT_STREAM", "EventName", "Events"]

EVENT_STREAM = "careergraph:events"
_MAX_ENTRIES = 100_000
log = logging.getLogger(__name__)


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
        entry: dict[Any, Any] = {
            "name": name.value,
            "tenant": scope.tenant if scope else tenant or "",
            "person": scope.person if scope else "",
            "at": now(),
            "ids": json.dumps(ids, sort_keys=True),
        }
        try:
            await self._redis.xadd(EVENT_STREAM, entry, maxlen=_MAX_ENTRIES, approximate=True)
        except RedisError:
            # the change itself is stored; a subscriber that missed it re-reads the graph
            log.exception("could not publish %s", name.value)

    async def read(self, after: str = "0-0", count: int = 1000) -> list[dict[str, Any]]:
        start = f"({after}" if after != "0-0" else "-"
        rows: Any = await self._redis.xrange(EVENT_STREAM, min=start, count=count)
        return [
            {**{_text(k): _text(v) for k, v in fields.items()}, "entry": _text(entry)}
            for entry, fields in rows
        ]


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
