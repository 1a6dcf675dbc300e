"""An append-only audit trail in Redis (a capped stream): analyst Cypher, reads of people's
data by staff, deletions. Parameters are kept as names and digests, never their values."""

import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from .people import now

__all__ = ["AUDIT_STREAM", "Actor", "audit", "digest_params"]

AUDIT_STREAM = "careergraph:audit"
_MAX_ENTRIES = 100_000
log = logging.getLogger("careergraph.audit")


@dataclass(frozen=True)
class Actor:
    """Who did something: the caller's subject, tenant and role (plain strings here)."""

    subject: str
    tenant: str
    role: str


def digest_params(params: dict[str, Any] | None) -> dict[str, str]:
    """Parameter names with a digest of each value: enough to tell two runs apart, and no
    personal data to keep (or to forget) in the trail."""
    return {
        name: hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()[
            :16
        ]
        for name, value in (params or {}).items()
    }


async def audit(redis: aioredis.Redis, actor: Actor, action: str, **detail: Any) -> None:
    entry = {
        "at": now(),
        "action": action,
        "subject": actor.subject,
        "tenant": actor.tenant,
        "role": actor.role,
        "detail": json.dumps(detail, default=str),
    }
    log.info("%s", entry)
    try:
        fields: Any = entry
        await redis.xadd(AUDIT_STREAM, fields, maxlen=_MAX_ENTRIES, approximate=True)
    except RedisError:
        log.exception("could not write the audit entry to Redis; it is in the log above")
