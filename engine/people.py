"""Who a person is: (tenant, id). The same id in two tenants is two people, and nothing a
tenant can ask tells it whether another tenant holds an id."""

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from graph_schema import GraphStore, QueryFailed
from graph_schema import queries as q

from .bounds import check_id
from .errors import EngineError

__all__ = ["Deleting", "People", "Scope", "now", "stable_id"]

_CREATE_TRIES = 3


def now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class Scope:
    """A person within a tenant: what every query about person data is scoped by."""

    tenant: str
    person: str

    @property
    def params(self) -> dict[str, str]:
        return {"tenant": self.tenant, "person": self.person}


class Deleting(EngineError):
    """The person is being deleted; nothing new is stored for them."""


class People:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    async def ensure(self, scope: Scope) -> None:
        """Create the person if new. Atomic: two first uploads at once make one person."""
        check_id(scope.tenant, "tenant"), check_id(scope.person, "person id")
        for attempt in range(_CREATE_TRIES):
            try:
                rows = await self._store.execute(q.ENSURE_PERSON, {**scope.params, "now": now()})
                break
            except QueryFailed as e:
                # the other create won the uniqueness constraint: this one now finds it
                if "unique" not in str(e).lower() or attempt == _CREATE_TRIES - 1:
                    raise
                await asyncio.sleep(0.01 * (attempt + 1))
        if rows and rows[0]["deleting"]:
            raise Deleting(
                "this person's data is being deleted.",
                "Wait until the deletion has finished, then upload again to start afresh.",
            )

    async def exists(self, scope: Scope) -> bool:
        rows = await self._store.execute(q.PERSON, scope.params, read_only=True)
        return bool(rows)


_IDS = uuid.UUID("6f1d3c0e-1c7a-4b7e-9a55-0c2b9f3e8d21")


def stable_id(*parts: str) -> str:
    """The same parts give the same id (a document's id from its content, a fact's from what
    it is), so repeating a write finds what the first one made."""
    return str(uuid.uuid5(_IDS, "/".join(parts)))
