"""An append-only audit trail in Redis (a capped stream), for analyst Cypher and the like."""

import json
import logging
from datetime import UTC, datetime
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from .auth import Principal

__all__ = ["AUDIT_STREAM", "audit"]

AUDIT_STREAM = "careergraph:audit"
_MAX_ENTRIES = 100_000
log = logging.getLogger("careergraph.audit")


async def audit(redis: aioredis.Redis, principal: Principal, action: str, **detail: Any) -> None:
    entry = {
        "at": datetime.now(UTC).isoformat(),
        "action": action,
        "subject": principal.subject,
        "tenant": principal.tenant,
        "role": principal.role.value,
        "detail": json.dumps(detail, default=str),
    }
    log.info("%s", entry)
    try:
        fields: Any = entry
        await redis.xadd(AUDIT_STREAM, fields, maxlen=_MAX_ENTRIES, approximate=True)
    except RedisError:
        log.exception("could not write the audit entry to Redis; it is in the log above")
